using Dse.Cli;

// First Ctrl-C: finish the points in flight, keep a resumable run, exit 130. Second Ctrl-C: stop at once.
using var interrupt = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = !interrupt.IsCancellationRequested;
    if (e.Cancel) Console.Error.WriteLine("Stopping after the points in flight (Ctrl-C again to abort)...");
    interrupt.Cancel();
};
// SIGTERM (a cluster scheduler pre-empting the job) is treated like the first Ctrl-C.
using var sigterm = System.Runtime.InteropServices.PosixSignalRegistration.Create(System.Runtime.InteropServices.PosixSignal.SIGTERM, context =>
{
    context.Cancel = true;
    interrupt.Cancel();
});
return DseCommandLine.Run(args, Console.Out, Console.Error, interrupt.Token);
