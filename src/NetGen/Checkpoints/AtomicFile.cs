namespace NetGen;

/// <summary>
/// Replaces a file so that readers see the old contents or the new, never a part: the contents go to a temporary file
/// in the same folder (the same file system, so the rename is atomic), are flushed to the disk, then the temporary file
/// is renamed over the target. A failure before the rename deletes the temporary file and leaves the target as it was;
/// a process killed mid-write leaves the target intact and, at worst, a stray ".tmp" file beside it.
/// </summary>
internal static class AtomicFile
{
    public static void Write(string path, Action<Stream> write)
    {
        string full = Path.GetFullPath(path);
        string folder = Path.GetDirectoryName(full) ?? ".";
        if (!Directory.Exists(folder))
        {
            throw new DirectoryNotFoundException($"{path}: the folder {folder} does not exist.");
        }

        string temporary = Path.Combine(folder, $".{Path.GetFileName(full)}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 1 << 16))
            {
                write(stream);
                stream.Flush(flushToDisk: true);
            }

            File.Move(temporary, full, overwrite: true);
        }
        catch
        {
            try
            {
                File.Delete(temporary);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // the write's own failure is what the caller needs to see; a stray temporary file is documented
            }

            throw;
        }
    }
}
