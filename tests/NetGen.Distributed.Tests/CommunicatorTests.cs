using NetGen.Data;
using NetGen.Distributed.Mpi;
using NetGen.Distributed.Worker;
using NetGen.Training;

namespace NetGen.Distributed.Tests;

/// <summary>The communicator without mpirun, the message when Open MPI is missing, and DistributedTrainer in one process.</summary>
public sealed class CommunicatorTests
{
    [Fact]
    public void Without_mpirun_the_job_is_one_process_and_collectives_leave_values_alone()
    {
        Assert.False(Communicator.UnderMpirun); // the test host is not launched by mpirun
        using Communicator communicator = Communicator.Start();
        Assert.Equal((0, 1, true), (communicator.Rank, communicator.Size, communicator.IsRoot));
        Assert.False(string.IsNullOrEmpty(communicator.ProcessorName));
        float[] values = [1.5f, -2f, 3f];
        communicator.AllreduceSum(values);
        communicator.Broadcast(values, root: 0);
        Assert.Equal([1.5f, -2f, 3f], values);
        double[] sums = [0.25];
        communicator.AllreduceSum(sums);
        Assert.Equal(0.25, sums[0]);
        communicator.Barrier();
    }

    [Fact]
    public void A_broadcast_root_outside_the_job_is_refused_by_name()
    {
        using Communicator communicator = Communicator.SingleProcess();
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => communicator.Broadcast(new byte[4], root: 1));
        Assert.Equal("root", e.ParamName);
        Assert.Contains("0 … 0", e.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => communicator.Broadcast(new float[4], root: -1));
    }

    [Fact]
    public void A_missing_library_says_open_mpi_was_not_found_how_to_install_it_and_that_mpich_is_unsupported()
    {
        var e = Assert.Throws<MpiNotFoundException>(() => MpiLibraryLoader.Load(["libmpi-netgen-absent.so.40"]));
        Assert.Contains("Open MPI was not found", e.Message);
        Assert.Contains("libmpi-netgen-absent.so.40", e.Message);
        Assert.Contains("apt-get install -y openmpi-bin libopenmpi-dev", e.Message);
        Assert.Contains("MPICH", e.Message);
        Assert.Contains("not supported", e.Message);
        Assert.Contains("MPICH's ABI (integer handles) is not supported",
            MpiLibraryLoader.NotFoundMessage(["libmpi.so.40"], ["not found"], mpichPresent: true));
    }

    [Fact]
    public void An_mpi_error_names_the_call_and_the_code()
    {
        var e = new MpiException("MPI_Allreduce", 5, "MPI_ERR_COUNT: invalid count argument");
        Assert.Equal("MPI_Allreduce failed with MPI error 5: MPI_ERR_COUNT: invalid count argument", e.Message);
        Assert.Equal(("MPI_Allreduce", 5), (e.Call, e.Code));
    }

    [Fact]
    public void Distributed_fit_in_one_process_is_trainer_fit_bit_for_bit()
    {
        DataSet train = SyntheticData.Make(96, seed: 7);
        var options = new FitOptions { Epochs = 2, BatchSize = 32, Seed = 5, Progress = ProgressMode.None };
        var alone = new ShardMlp(seed: 3);
        var distributed = new ShardMlp(seed: 3);
        Trainer.Fit(alone, train, options);
        using Communicator communicator = Communicator.SingleProcess();
        FitResult result = DistributedTrainer.Fit(communicator, distributed, train, options);
        Assert.Equal(alone.Parameters.ToArray(), distributed.Parameters.ToArray());
        Assert.Equal(ParameterHash.Of(alone), ParameterHash.Of(distributed));
        Assert.Equal(6, distributed.Step);
        Assert.Equal(2, result.History.Count);
    }

    [Fact]
    public void In_one_process_a_failure_propagates_instead_of_ending_the_process()
    {
        using Communicator communicator = Communicator.SingleProcess();
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => DistributedTrainer.Fit(communicator, new ShardMlp(), SyntheticData.Make(32, seed: 1), new FitOptions { Epochs = 0 }));
        Assert.Equal("Epochs", e.ParamName);
    }

    [Fact]
    public void The_hash_changes_with_any_parameter_bit_and_with_batch_norm_statistics()
    {
        var network = new ShardBatchNormMlp(seed: 3);
        string before = ParameterHash.Of(network);
        Assert.Equal(16, before.Length);
        Assert.Equal(before, ParameterHash.Of(new ShardBatchNormMlp(seed: 3)));
        network.Layers[0].RunningMean[0] = BitConverter.Int32BitsToSingle(1);
        string statistics = ParameterHash.Of(network);
        Assert.NotEqual(before, statistics);
        network.Parameters[^1] = BitConverter.Int32BitsToSingle(BitConverter.SingleToInt32Bits(network.Parameters[^1]) ^ 1);
        Assert.NotEqual(statistics, ParameterHash.Of(network));
    }
}
