using System.Runtime.InteropServices;

namespace Dse.Tests.Fuzz;

/// <summary>Creates named pipes (FIFOs) for the unreadable-file tests, with libc's <c>mkfifo(3)</c>.</summary>
public static class Fifo
{
    /// <summary>Creates a FIFO at <paramref name="path"/> with mode 0644.</summary>
    /// <exception cref="IOException">When <c>mkfifo</c> fails (errno in the message).</exception>
    public static void Create(string path)
    {
        if (MkFifo(path, 0b110_100_100) != 0)
            throw new IOException($"mkfifo {path} failed: errno {Marshal.GetLastPInvokeError()}");
    }

    /// <summary>
    /// Opens the FIFO for writing and closes it at once, which wakes a reader blocked in <c>open</c> (it then reads
    /// end of file): the clean-up after a reader that blocked, so the test run does not hang with it.
    /// </summary>
    public static void Release(string path)
    {
        using var writer = new FileStream(path, FileMode.Open, FileAccess.Write);
    }

    [DllImport("libc", EntryPoint = "mkfifo", SetLastError = true)]
    private static extern int MkFifo([MarshalAs(UnmanagedType.LPUTF8Str)] string path, uint mode);
}
