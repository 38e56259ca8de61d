using NetGen.Distributed.Worker;

namespace NetGen.Distributed.Tests;

/// <summary>2-rank jobs of the worker under mpirun on localhost: 20 steps of global batches of 32, 16 per rank.</summary>
public sealed class TwoRankTests
{
    [MpirunFact]
    public void Twenty_steps_on_two_ranks_equal_one_process_on_the_whole_batch_and_the_ranks_agree_bit_for_bit()
    {
        string folder = MpiJob.Folder();
        string distributed = Path.Combine(folder, "two-ranks.bin"), single = Path.Combine(folder, "one-process.bin");

        (int code, string output) = MpiJob.Run(2, "--model", "shard", "--out", distributed);
        Assert.True(code == 0, output);
        string[] hashes = MpiJob.Hashes(output, 2);
        Assert.Equal(hashes[0], hashes[1]);
        Assert.Contains("step 20 ", output);

        (int aloneCode, string aloneOutput) = MpiJob.RunAlone("--model", "whole", "--out", single);
        Assert.True(aloneCode == 0, aloneOutput);
        Assert.Contains("rank 0 of 1 ", aloneOutput);

        float[] a = MpiJob.ReadFloats(distributed), b = MpiJob.ReadFloats(single);
        Assert.Equal(WholeBatchMlp.ParameterCount, a.Length);
        Assert.Equal(a.Length, b.Length);
        float maxDiff = a.Zip(b, (x, y) => MathF.Abs(x - y)).Max();
        Assert.True(maxDiff <= 1e-5f, $"max |two ranks − one process| = {maxDiff}");
        Assert.NotEqual(new WholeBatchMlp(seed: 3).Parameters.ToArray(), b); // it trained
    }

    [MpirunFact]
    public void Ranks_stay_bit_identical_with_batch_norm_dropout_and_adam_and_only_rank_0_reports()
    {
        (int code, string output) = MpiJob.Run(2, "--model", "bn", "--epochs", "2");
        Assert.True(code == 0, output);
        string[] hashes = MpiJob.Hashes(output, 2);
        Assert.Equal(hashes[0], hashes[1]);
        Assert.Single(output.Split('\n'), line => line.Contains("epoch 2/2", StringComparison.Ordinal)); // rank 0's progress only
    }

    [MpirunFact]
    public void A_run_resumed_from_rank_0s_checkpoint_continues_as_the_uninterrupted_run()
    {
        string folder = MpiJob.Folder();
        string checkpoint = Path.Combine(folder, "epoch.safetensors");
        (int fullCode, string full) = MpiJob.Run(2, "--model", "bn", "--epochs", "2");
        Assert.True(fullCode == 0, full);
        (int firstCode, string first) = MpiJob.Run(2, "--model", "bn", "--epochs", "1", "--checkpoint", checkpoint);
        Assert.True(firstCode == 0, first);
        (int resumedCode, string resumed) = MpiJob.Run(2, "--model", "bn", "--epochs", "2", "--resume", checkpoint);
        Assert.True(resumedCode == 0, resumed);

        string[] expected = MpiJob.Hashes(full, 2), after = MpiJob.Hashes(resumed, 2);
        Assert.NotEqual(expected[0], MpiJob.Hashes(first, 2)[0]);
        Assert.Equal(expected, after);
        Assert.Contains("step 40 ", resumed);
    }

    [MpirunFact]
    public void A_failing_rank_aborts_the_job_with_a_message_naming_it()
    {
        (int code, string output) = MpiJob.Run(2, "--model", "shard", "--fail-rank", "1");
        Assert.NotEqual(0, code);
        Assert.Contains("rank 1 of 2", output);
        Assert.Contains("training failed, aborting the job", output);
        Assert.Contains("is NaN", output);
        Assert.DoesNotContain("hash", output); // no rank finished
    }

    [MpirunFact]
    public void An_error_code_from_mpi_becomes_an_exception_naming_the_call_the_code_and_mpis_text()
    {
        // Rank 0 broadcasts 8 bytes, rank 1 receives into 4: MPI_Bcast returns MPI_ERR_TRUNCATE under MPI_ERRORS_RETURN.
        (int code, string output) = MpiJob.Run(2, "--mismatch", "1");
        Assert.NotEqual(0, code);
        Assert.Contains("MPI_Bcast failed with MPI error", output);
        Assert.Contains("MPI_ERR_TRUNCATE", output);
    }
}
