namespace NetGen.Distributed.Tests;

/// <summary>
/// A test that launches Open MPI's mpirun: skipped when mpirun is not on PATH, except in CI (CI=true), where it runs and
/// fails, so a missing Open MPI shows as red there (.ci/run installs it).
/// </summary>
public sealed class MpirunFactAttribute : FactAttribute
{
    public MpirunFactAttribute()
    {
        if (MpiJob.Mpirun is null && !MpiJob.InCi)
        {
            Skip = "mpirun is not on PATH (apt-get install -y openmpi-bin libopenmpi-dev); in CI this test fails instead";
        }
    }
}
