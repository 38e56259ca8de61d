namespace NetGen;

/// <summary>
/// One of the optimizer's state buffers: one float per parameter, in the layout of <see cref="INetwork.Parameters"/>,
/// named as torch.optim's state names it (momentum_buffer; exp_avg, exp_avg_sq, max_exp_avg_sq; sum; square_avg,
/// grad_avg). Writing through <see cref="Values"/> changes the network's next update.
/// </summary>
public readonly record struct OptimizerBuffer(string Name, Memory<float> Values);
