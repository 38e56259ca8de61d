namespace NetGen.Runtime.Tests;

/// <summary>Theory rows (rows, length): every length in first..last at each row count, so every vector tail runs.</summary>
internal static class RowLengths
{
    public static TheoryData<int, int> Every(int[] rowCounts, int first, int last)
    {
        var shapes = new TheoryData<int, int>();
        foreach (int rows in rowCounts)
        {
            for (int length = first; length <= last; length++)
            {
                shapes.Add(rows, length);
            }
        }

        return shapes;
    }
}
