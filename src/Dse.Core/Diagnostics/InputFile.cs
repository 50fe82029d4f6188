using System.Runtime.InteropServices;
using System.Text;

namespace Dse.Diagnostics;

/// <summary>What a path names, as far as opening it for reading is concerned.</summary>
public enum InputFileKind
{
    /// <summary>Nothing: the path does not exist (or a component of it is not a directory).</summary>
    Missing,
    /// <summary>A regular file: the only kind readers open.</summary>
    Regular,
    /// <summary>A directory.</summary>
    Directory,
    /// <summary>A named pipe (<c>mkfifo</c>): opening it blocks until a writer appears.</summary>
    Fifo,
    /// <summary>A character device such as <c>/dev/zero</c> (may never end).</summary>
    CharacterDevice,
    /// <summary>A block device.</summary>
    BlockDevice,
    /// <summary>A Unix domain socket.</summary>
    Socket,
}

/// <summary>
/// Opens user-supplied files for the readers so that no path can block, crash or be half-read silently:
/// the kind of the path is checked before it is opened (a FIFO or device is refused without opening it, since
/// opening a FIFO blocks until a writer appears), and a file that disappears or cannot be read between the check
/// and the read becomes an <see cref="InputException"/> naming the file instead of an <see cref="IOException"/>.
/// </summary>
/// <remarks>
/// On Linux the kind comes from <c>statx(2)</c> (following symbolic links), whose <c>struct statx</c> layout
/// is the same on every architecture (<c>stx_mode</c> is the 16-bit field at byte 28; see the Linux man page
/// statx(2) and <c>include/uapi/linux/stat.h</c>). Elsewhere, or on a kernel without <c>statx</c>, only
/// "missing", "directory" and "regular" are told apart.
/// </remarks>
public static class InputFile
{
    private const int AtFdCwd = -100;      // AT_FDCWD: a relative path is taken from the working directory
    private const uint StatxType = 0x1;    // STATX_TYPE: only the file type bits of stx_mode are needed
    private const int StatxModeOffset = 28;
    private const int StatxBufferBytes = 256; // sizeof(struct statx) is 256 on every architecture

    /// <summary>The kind of <paramref name="path"/>, found without opening it.</summary>
    /// <param name="path">Any path, relative to the working directory or absolute.</param>
    public static InputFileKind KindOf(string path)
    {
        if (OperatingSystem.IsLinux() && StatxKind(path) is InputFileKind kind) return kind;
        if (System.IO.Directory.Exists(path)) return InputFileKind.Directory;
        return File.Exists(path) ? InputFileKind.Regular : InputFileKind.Missing;
    }

    /// <summary>Checks that <paramref name="path"/> names an existing regular file, before any reader opens it.</summary>
    /// <param name="path">The path as the user gave it (used in the error).</param>
    /// <param name="what">What the file should hold, for messages, e.g. <c>.npy file</c>.</param>
    /// <exception cref="InputException">The path is missing, a directory, a FIFO, a socket or a device.</exception>
    public static void RequireRegular(string path, string what)
    {
        var kind = KindOf(path);
        if (kind == InputFileKind.Regular) return;
        throw new InputException(new InputError(path, null, null,
            kind == InputFileKind.Missing ? $"an existing {what}" : $"a {what} (a regular file)", Describe(kind)));
    }

    /// <summary>Opens a regular file for reading after <see cref="RequireRegular"/>.</summary>
    /// <param name="path">The file.</param>
    /// <param name="what">What the file should hold, for messages.</param>
    /// <returns>A read-only stream; the caller disposes it.</returns>
    /// <exception cref="InputException">
    /// As <see cref="RequireRegular"/>; the file was removed after the check; reading it is not permitted; any other I/O error.
    /// </exception>
    public static FileStream OpenRead(string path, string what)
    {
        RequireRegular(path, what);
        return Guard(path, what, () => new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 4096, FileOptions.SequentialScan));
    }

    /// <summary>Reads a whole regular file; at most <paramref name="maxBytes"/> bytes are allocated, whatever the file claims.</summary>
    /// <param name="path">The file.</param>
    /// <param name="what">What the file should hold, for messages.</param>
    /// <param name="maxBytes">Largest file accepted, in bytes. Range: 0..<see cref="Array.MaxLength"/>.</param>
    /// <returns>The file's bytes.</returns>
    /// <exception cref="InputException">As <see cref="OpenRead"/>; the file is longer than <paramref name="maxBytes"/>; it changed length while being read.</exception>
    public static byte[] ReadAllBytes(string path, string what, long maxBytes = int.MaxValue)
    {
        maxBytes = Math.Min(maxBytes, Array.MaxLength);
        using var stream = OpenRead(path, what);
        return Guard(path, what, () =>
        {
            long length = stream.Length;
            if (length > maxBytes)
                throw new InputException(new InputError(path, null, null, $"a {what} of at most {maxBytes} bytes", $"{length} bytes"));
            var bytes = new byte[length];
            stream.ReadExactly(bytes);
            if (stream.ReadByte() >= 0)
                throw new InputException(new InputError(path, null, null, $"a {what} that does not change while it is read", "a file that grew while it was read"));
            return bytes;
        });
    }

    /// <summary>Reads a whole regular text file, decoding UTF-8 (or the UTF-16/32 its byte-order mark names; invalid bytes become U+FFFD).</summary>
    /// <param name="path">The file.</param>
    /// <param name="what">What the file should hold, for messages.</param>
    /// <returns>The text.</returns>
    /// <exception cref="InputException">As <see cref="ReadAllBytes"/>.</exception>
    public static string ReadAllText(string path, string what)
    {
        var bytes = ReadAllBytes(path, what);
        using var reader = new StreamReader(new MemoryStream(bytes), Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        return reader.ReadToEnd();
    }

    /// <summary>Runs <paramref name="read"/>, turning the I/O failures a user can cause into an <see cref="InputException"/> naming the file.</summary>
    private static T Guard<T>(string path, string what, Func<T> read)
    {
        try
        {
            return read();
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new InputException(new InputError(path, null, null, $"an existing {what}", "no such file (it was removed after it was listed or checked)"));
        }
        catch (UnauthorizedAccessException)
        {
            throw new InputException(new InputError(path, null, null, $"a readable {what}", "permission denied"));
        }
        catch (EndOfStreamException)
        {
            throw new InputException(new InputError(path, null, null, $"a {what} that does not change while it is read", "a file that shrank while it was read"));
        }
        catch (IOException e)
        {
            throw new InputException(new InputError(path, null, null, $"a readable {what}", e.Message));
        }
    }

    private static string Describe(InputFileKind kind) => kind switch
    {
        InputFileKind.Missing => "no such file",
        InputFileKind.Directory => "a directory",
        InputFileKind.Fifo => "a FIFO (named pipe), which is not read: opening it would wait for a writer",
        InputFileKind.CharacterDevice => "a character device, which is not read",
        InputFileKind.BlockDevice => "a block device, which is not read",
        InputFileKind.Socket => "a socket, which is not read",
        _ => kind.ToString(),
    };

    private static InputFileKind? StatxKind(string path)
    {
        var buffer = new byte[StatxBufferBytes];
        int result;
        try
        {
            result = Statx(AtFdCwd, path, 0, StatxType, buffer);
        }
        catch (Exception e) when (e is EntryPointNotFoundException or DllNotFoundException)
        {
            return null;
        }
        if (result != 0)
        {
            const int enoent = 2, enotdir = 20; // anything else (EACCES on a parent, ENOSYS, ...): let the managed checks decide
            return Marshal.GetLastPInvokeError() is enoent or enotdir ? InputFileKind.Missing : null;
        }
        int mode = BitConverter.ToUInt16(buffer, StatxModeOffset) & 0xF000; // S_IFMT
        return mode switch
        {
            0x8000 => InputFileKind.Regular,         // S_IFREG
            0x4000 => InputFileKind.Directory,       // S_IFDIR
            0x1000 => InputFileKind.Fifo,            // S_IFIFO
            0x2000 => InputFileKind.CharacterDevice, // S_IFCHR
            0x6000 => InputFileKind.BlockDevice,     // S_IFBLK
            0xC000 => InputFileKind.Socket,          // S_IFSOCK
            _ => null,
        };
    }

    [DllImport("libc", EntryPoint = "statx", SetLastError = true)]
    private static extern int Statx(int dirfd, [MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags, uint mask, [Out] byte[] buffer);
}
