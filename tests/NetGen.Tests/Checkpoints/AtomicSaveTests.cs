using System.Diagnostics;
using NetGen.CheckpointWriter;
using static NetGen.Tests.CheckpointFiles;

namespace NetGen.Tests;

/// <summary>
/// Save to a path replaces the file atomically: a write that fails halfway, or a process killed while it writes, leaves
/// the previous checkpoint whole.
/// </summary>
public class AtomicSaveTests
{
    [Fact]
    public void A_write_that_fails_halfway_leaves_the_previous_file_and_no_temporary_file()
    {
        string path = TempFile("atomic.safetensors");
        var network = new ResumableMlp(1);
        network.Save(path);
        byte[] before = File.ReadAllBytes(path);
        Train(network, steps: 2);

        var e = Assert.Throws<IOException>(() => AtomicFile.Write(path, stream =>
        {
            using var failing = new FailingStream(stream, failAfter: before.Length / 2);
            CheckpointContents.Of(network, path).WriteTo(failing);
        }));
        Assert.Contains("disk full", e.Message);
        Assert.Equal(before, File.ReadAllBytes(path));
        Assert.Equal([path], Directory.GetFiles(Path.GetDirectoryName(path)!));
        new ResumableMlp(2).Load(path);
    }

    [Fact]
    public void Save_into_a_missing_folder_says_which()
    {
        string path = Path.Combine(Path.GetTempPath(), "netgen-no-such-folder", "x.safetensors");
        var e = Assert.Throws<DirectoryNotFoundException>(() => new ResumableMlp(1).Save(path));
        Assert.Contains("netgen-no-such-folder", e.Message);
    }

    [Fact]
    public void A_process_killed_while_saving_leaves_a_whole_checkpoint()
    {
        string path = TempFile("killed.safetensors");
        string writer = Path.Combine(AppContext.BaseDirectory, "NetGen.CheckpointWriter.dll");
        var random = new Random(7);
        for (int round = 0; round < 4; round++)
        {
            using var child = Process.Start(new ProcessStartInfo("dotnet", [writer, path]) { RedirectStandardOutput = true, RedirectStandardError = true })!;
            long saved = 0;
            while (saved < 2 && child.StandardOutput.ReadLine() is { } line)
            {
                saved = long.Parse(line["saved ".Length..]);
            }

            Assert.True(saved >= 2, $"the writer stopped before saving twice: {child.StandardError.ReadToEnd()}");
            Thread.Sleep(random.Next(0, 120)); // somewhere in the middle of a later save
            child.Kill(entireProcessTree: true);
            child.WaitForExit();

            var network = new LargeCheckpoint(seed: 2);
            network.Load(path);
            Assert.True(network.Step >= saved, $"round {round}: the file holds step {network.Step}, older than the {saved} already saved");
            Assert.Equal(network.Step, (long)network.Parameters[0]);
        }
    }

    /// <summary>A stream that throws after <paramref name="failAfter"/> bytes, as a full disk does.</summary>
    private sealed class FailingStream(Stream inner, int failAfter) : Stream
    {
        private int _written;

        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() => inner.Flush();
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            int allowed = Math.Min(buffer.Length, failAfter - _written);
            inner.Write(buffer[..allowed]);
            _written += allowed;
            if (allowed < buffer.Length)
            {
                throw new IOException("disk full (simulated)");
            }
        }
    }
}
