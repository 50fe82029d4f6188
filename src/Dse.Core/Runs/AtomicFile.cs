using System.Text;

namespace Dse.Runs;

/// <summary>
/// Writes a file under a temporary name in the same directory and renames it over the target, so
/// readers see the old file or the complete new one, never a partial one (see docs/sweep-files.md#errors).
/// </summary>
public static class AtomicFile
{
    /// <summary>Writes <paramref name="path"/> as UTF-8 (no BOM) text produced by <paramref name="write"/>.</summary>
    /// <param name="path">Target file; its directory is created when missing.</param>
    /// <param name="write">Writes the whole content. If it throws, the temporary file is deleted, the target is left untouched and the exception propagates.</param>
    public static void WriteText(string path, Action<TextWriter> write) =>
        Write(path, stream =>
        {
            using var writer = new StreamWriter(stream, new UTF8Encoding(false), leaveOpen: true);
            write(writer);
        });

    /// <summary>Writes <paramref name="path"/> from a stream filled by <paramref name="write"/>.</summary>
    /// <param name="path">Target file; its directory is created when missing.</param>
    /// <param name="write">Writes the whole content. If it throws, the temporary file is deleted, the target is left untouched and the exception propagates.</param>
    public static void Write(string path, Action<Stream> write)
    {
        var full = Path.GetFullPath(path);
        var dir = Path.GetDirectoryName(full)!;
        Directory.CreateDirectory(dir);
        var temp = Path.Combine(dir, $".{Path.GetFileName(full)}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write))
            {
                write(stream);
                stream.Flush(flushToDisk: true);
            }
            File.Move(temp, full, overwrite: true);
        }
        catch
        {
            File.Delete(temp);
            throw;
        }
    }
}
