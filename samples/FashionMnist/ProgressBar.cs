namespace NetGen.Samples.FashionMnist;

/// <summary>
/// A one-line progress bar redrawn in place with a carriage return. When output is redirected (CI, a log file) it
/// draws nothing until the epoch ends, so logs hold one line per epoch instead of hundreds of redraws.
/// </summary>
internal sealed class ProgressBar(string label, int total)
{
    private const int Width = 30;
    private readonly bool _interactive = !Console.IsOutputRedirected;
    private int _drawn = -1;

    public void Report(int done, float loss)
    {
        int filled = total == 0 ? Width : done * Width / total;
        if (!_interactive || filled == _drawn)
        {
            return;
        }

        _drawn = filled;
        Console.Write($"\r{label} [{new string('#', filled)}{new string('.', Width - filled)}] {done}/{total}  loss {loss:F4}");
    }

    /// <summary>Replaces the bar with the epoch's summary line.</summary>
    public void Finish(string summary)
    {
        if (_interactive)
        {
            Console.Write("\r" + new string(' ', label.Length + Width + 40) + "\r");
        }

        Console.WriteLine(summary);
    }
}
