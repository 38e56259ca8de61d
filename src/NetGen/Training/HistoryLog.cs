using System.Globalization;
using System.Text;
using System.Text.Json;

namespace NetGen.Training;

/// <summary>Writes <see cref="Trainer.Fit"/>'s history to <see cref="FitOptions.Log"/>: the whole file, atomically, each epoch.</summary>
internal static class HistoryLog
{
    /// <summary>The CSV header, and the JSON objects' keys in this order.</summary>
    internal static readonly string[] Columns = ["epoch", "train_loss", "train_accuracy", "validation_loss", "validation_accuracy", "learning_rate", "seconds", "samples_per_second"];

    public static void Write(string path, IReadOnlyList<EpochRecord> history)
    {
        bool json = Path.GetExtension(path).Equals(".json", StringComparison.OrdinalIgnoreCase);
        AtomicFile.Write(path, stream =>
        {
            if (json)
            {
                WriteJson(stream, history);
            }
            else
            {
                WriteCsv(stream, history);
            }
        });
    }

    private static double[] Values(EpochRecord r) => [r.Epoch, r.TrainLoss, r.TrainAccuracy, r.ValidationLoss, r.ValidationAccuracy, r.LearningRate, r.Seconds, r.SamplesPerSecond];

    private static void WriteCsv(Stream stream, IReadOnlyList<EpochRecord> history)
    {
        using var writer = new StreamWriter(stream, new UTF8Encoding(false), leaveOpen: true) { NewLine = "\n" };
        writer.WriteLine(string.Join(",", Columns));
        foreach (EpochRecord record in history)
        {
            writer.WriteLine(string.Join(",", Values(record).Select(v => double.IsFinite(v) ? v.ToString("R", CultureInfo.InvariantCulture) : "")));
        }
    }

    private static void WriteJson(Stream stream, IReadOnlyList<EpochRecord> history)
    {
        using var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
        writer.WriteStartArray();
        foreach (EpochRecord record in history)
        {
            writer.WriteStartObject();
            double[] values = Values(record);
            writer.WriteNumber(Columns[0], record.Epoch);
            for (int i = 1; i < Columns.Length; i++)
            {
                if (double.IsFinite(values[i]))
                {
                    writer.WriteNumber(Columns[i], values[i]);
                }
                else
                {
                    writer.WriteNull(Columns[i]);
                }
            }

            writer.WriteEndObject();
        }

        writer.WriteEndArray();
    }
}
