using NetGen.Randomness;

namespace NetGen;

/// <summary>
/// Where training stands besides the tensors: what a checkpoint saves so that a resumed run continues bit for bit.
/// </summary>
/// <param name="Step">Optimizer steps taken (bias corrections, AdaGrad's decay and SGD's first-step rule read it).</param>
/// <param name="Dropout">The dropout stream's state: the next masks drawn.</param>
/// <param name="BatchNormBatches">
/// Training forward passes the BatchNorm layers have seen (torch's num_batches_tracked; the same for every layer,
/// as every training pass runs them all); 0 without BatchNorm.
/// </param>
public readonly record struct TrainingPosition(long Step, SeededRandom.State Dropout, long BatchNormBatches);
