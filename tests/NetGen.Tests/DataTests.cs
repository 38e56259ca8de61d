using System.Buffers.Binary;
using System.IO.Compression;
using NetGen.Data;
using NetGen.Training;

namespace NetGen.Tests;

/// <summary>IDX reading (plain and gzip, and every way a file can be wrong), Fashion-MNIST loading, standardization, minibatches.</summary>
public sealed class DataTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("netgen-data-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void Reads_plain_and_gzip_image_files()
    {
        byte[] idx = Idx(0x08, [2, 2, 3], Enumerable.Range(0, 12).Select(i => (byte)i).ToArray());
        string plain = Write("images", idx);
        string gzip = Write("images.gz", Gzip(idx));
        foreach (string path in new[] { plain, gzip })
        {
            IdxImages images = IdxReader.ReadImages(path);
            Assert.Equal((2, 2, 3), (images.Count, images.Rows, images.Columns));
            Assert.Equal(Enumerable.Range(0, 12).Select(i => (byte)i), images.Pixels);
        }
    }

    [Fact]
    public void Bad_magic_is_rejected_naming_the_file()
    {
        string path = Write("bad", [0x12, 0x34, 0x08, 0x01, 0, 0, 0, 0]);
        var e = Assert.Throws<DataSetException>(() => IdxReader.ReadLabels(path));
        Assert.Contains(path, e.Message);
        Assert.Contains("magic", e.Message);
    }

    [Fact]
    public void Truncated_data_is_rejected()
    {
        byte[] idx = Idx(0x08, [10], new byte[10]);
        string path = Write("short", idx[..^3]);
        var e = Assert.Throws<DataSetException>(() => IdxReader.ReadLabels(path));
        Assert.Contains("truncated", e.Message);
        Assert.Contains(path, e.Message);
    }

    [Fact]
    public void Truncated_header_and_gzip_streams_are_rejected()
    {
        Assert.Contains("truncated header", Assert.Throws<DataSetException>(() => IdxReader.ReadImages(Write("h", [0, 0, 8, 3, 0, 0]))).Message);
        byte[] gz = Gzip(Idx(0x08, [100], new byte[100]));
        Assert.Throws<DataSetException>(() => IdxReader.ReadLabels(Write("cut.gz", gz[..(gz.Length / 2)])));
    }

    [Fact]
    public void Wrong_rank_and_element_type_are_rejected()
    {
        Assert.Contains("rank 1, expected 3", Assert.Throws<DataSetException>(() => IdxReader.ReadImages(Write("r", Idx(0x08, [4], new byte[4])))).Message);
        Assert.Contains("0x0D", Assert.Throws<DataSetException>(() => IdxReader.ReadLabels(Write("t", Idx(0x0D, [1], new byte[4])))).Message);
    }

    [Fact]
    public void A_header_promising_more_than_the_file_can_hold_fails_before_allocating()
    {
        // 65536³ overflows 32 bits (and 2^48 bytes could never be allocated): refused from the header alone.
        foreach (string path in new[] { Write("huge", Idx(0x08, [65536, 65536, 65536], new byte[16])), Write("huge.gz", Gzip(Idx(0x08, [65536, 65536, 65536], new byte[16]))) })
        {
            var e = Assert.Throws<DataSetException>(() => IdxReader.ReadImages(path));
            Assert.Contains("promise more data than the file can hold", e.Message);
            Assert.Equal(path, e.FilePath);
        }

        // int.MaxValue labels in a 12-byte file.
        Assert.Contains("promise more data", Assert.Throws<DataSetException>(() => IdxReader.ReadLabels(Write("many", Idx(0x08, [int.MaxValue], new byte[4])))).Message);
    }

    [Fact]
    public void Data_beyond_the_header_s_count_is_rejected()
    {
        byte[] idx = Idx(0x08, [10], new byte[12]);
        Assert.Contains("more data than the header", Assert.Throws<DataSetException>(() => IdxReader.ReadLabels(Write("long", idx))).Message);
        Assert.Contains("more data than the header", Assert.Throws<DataSetException>(() => IdxReader.ReadLabels(Write("long.gz", Gzip(idx)))).Message);
    }

    [Fact]
    public void A_gzip_member_with_a_wrong_checksum_or_a_cut_trailer_is_rejected()
    {
        byte[] gz = Gzip(Idx(0x08, [100], Enumerable.Range(0, 100).Select(i => (byte)i).ToArray()));
        byte[] badCrc = (byte[])gz.Clone();
        badCrc[^8] ^= 0xFF; // the trailer: CRC-32, then ISIZE
        Assert.Throws<DataSetException>(() => IdxReader.ReadLabels(Write("crc.gz", badCrc)));
        Assert.Throws<DataSetException>(() => IdxReader.ReadLabels(Write("trailer.gz", gz[..^4])));
    }

    [Fact]
    public void A_directory_in_place_of_a_file_is_a_data_set_error()
    {
        string path = Directory.CreateDirectory(Path.Combine(_directory, "folder")).FullName;
        Assert.Equal(path, Assert.Throws<DataSetException>(() => IdxReader.ReadLabels(path)).FilePath);
    }

    [Fact]
    public void Fashion_mnist_images_of_another_size_are_refused_naming_the_file()
    {
        Write("train-images-idx3-ubyte", Idx(0x08, [2, 27, 28], new byte[2 * 27 * 28]));
        Write("train-labels-idx1-ubyte", Idx(0x08, [2], [0, 1]));
        var e = Assert.Throws<DataSetException>(() => FashionMnist.Load(_directory));
        Assert.EndsWith("train-images-idx3-ubyte", e.FilePath);
        Assert.Contains("27 × 28", e.Message);
    }

    [Fact]
    public void Missing_file_names_the_file()
    {
        string path = Path.Combine(_directory, "nothing-here");
        var e = Assert.Throws<DataSetException>(() => IdxReader.ReadLabels(path));
        Assert.Equal(path, e.FilePath);
        Assert.Contains("not found", e.Message);
    }

    [Fact]
    public void Fashion_mnist_loader_scales_pixels_and_checks_labels()
    {
        WriteFashionPart("train", count: 3, labels: [0, 9, 4]);
        WriteFashionPart("t10k", count: 2, labels: [1, 2]);
        (DataSet train, DataSet test) = FashionMnist.Load(_directory);
        Assert.Equal(3, train.Count);
        Assert.Equal(784, train.FeatureSize);
        Assert.Equal([0, 9, 4], train.Labels);
        Assert.Equal(2, test.Count);
        Assert.All(train.Features, v => Assert.InRange(v, 0f, 1f));
        Assert.Equal(1f, train.Features.Max());

        WriteFashionPart("t10k", count: 2, labels: [1, 12]);
        Assert.Contains("label 12", Assert.Throws<DataSetException>(() => FashionMnist.Load(_directory)).Message);
    }

    [Fact]
    public void Fashion_mnist_loader_reports_a_missing_directory_by_file_name()
    {
        var e = Assert.Throws<DataSetException>(() => FashionMnist.Load(Path.Combine(_directory, "absent")));
        Assert.EndsWith("train-images-idx3-ubyte", e.FilePath);
    }

    [Fact]
    public void Standardizer_fits_on_one_set_and_transforms_another()
    {
        float[] train = [1f, 2f, 3f, 4f];
        var standardizer = Standardizer.Fit(train);
        Assert.Equal(2.5f, standardizer.Mean);
        Assert.Equal(MathF.Sqrt(1.25f), standardizer.StandardDeviation, 1e-6f);
        standardizer.Apply(train);
        Assert.Equal(0f, train.Average(), 1e-6f);
        float[] test = [2.5f];
        standardizer.Apply(test);
        Assert.Equal(0f, test[0]);
        Assert.Throws<ArgumentException>(() => Standardizer.Fit([]));
    }

    [Fact]
    public void Minibatches_visit_every_sample_once_per_epoch_with_a_partial_last_batch()
    {
        var data = new DataSet(Enumerable.Range(0, 10).Select(i => (float)i).ToArray(), Enumerable.Range(0, 10).ToArray(), 1);
        var batches = new Minibatches(data, batchSize: 4, seed: 1);
        Assert.Equal(3, batches.BatchesPerEpoch);
        var firstEpoch = new List<int>();
        for (int epoch = 0; epoch < 2; epoch++)
        {
            batches.Shuffle();
            var seen = new List<int>();
            var sizes = new List<int>();
            while (batches.TryNext(out ReadOnlySpan<float> inputs, out ReadOnlySpan<int> labels))
            {
                sizes.Add(labels.Length);
                for (int i = 0; i < labels.Length; i++)
                {
                    Assert.Equal(labels[i], (int)inputs[i]);
                    seen.Add(labels[i]);
                }
            }

            Assert.Equal([4, 4, 2], sizes);
            Assert.Equal(Enumerable.Range(0, 10), seen.Order());
            if (epoch == 0)
            {
                firstEpoch = seen;
            }
            else
            {
                Assert.NotEqual(firstEpoch, seen);
            }
        }
    }

    private void WriteFashionPart(string prefix, int count, byte[] labels)
    {
        var pixels = new byte[count * 28 * 28];
        for (int i = 0; i < pixels.Length; i++)
        {
            pixels[i] = (byte)(i * 7 % 256);
        }

        Write($"{prefix}-images-idx3-ubyte.gz", Gzip(Idx(0x08, [count, 28, 28], pixels)));
        Write($"{prefix}-labels-idx1-ubyte", Idx(0x08, [labels.Length], labels));
    }

    private string Write(string name, byte[] bytes)
    {
        string path = Path.Combine(_directory, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    private static byte[] Idx(byte type, int[] dimensions, byte[] data)
    {
        var bytes = new byte[4 + 4 * dimensions.Length + data.Length];
        bytes[2] = type;
        bytes[3] = (byte)dimensions.Length;
        for (int d = 0; d < dimensions.Length; d++)
        {
            BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(4 + 4 * d), dimensions[d]);
        }

        data.CopyTo(bytes, 4 + 4 * dimensions.Length);
        return bytes;
    }

    private static byte[] Gzip(byte[] bytes)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest))
        {
            gzip.Write(bytes);
        }

        return output.ToArray();
    }
}
