using NetGen;

namespace NetGen.Samples.FashionMnist;

/// <summary>Loading a saved model for --load and --resume: a bad file is one message, not a stack trace.</summary>
internal static class Artifacts
{
    public static bool TryLoad(Action load)
    {
        try
        {
            load();
            return true;
        }
        catch (CheckpointException e)
        {
            Console.Error.WriteLine(e.Message);
            return false;
        }
    }
}
