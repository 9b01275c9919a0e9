using System.ComponentModel;
using System.Diagnostics;

namespace Connectivity.LocalDatabase;

/// <summary>Runs a command line to completion within a time limit, collecting what it printed.</summary>
internal static class ToolProcess
{
    public static async Task<ToolResult> RunAsync(string fileName, IReadOnlyList<string> arguments, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var startInfo = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            // The postgres user may not be allowed into the caller's working directory.
            WorkingDirectory = "/",
        };
        foreach (var argument in arguments)
            startInfo.ArgumentList.Add(argument);

        Process process;
        try
        {
            process = Process.Start(startInfo) ?? throw new LocalPostgresException($"Could not start {fileName}.");
        }
        catch (Win32Exception e)
        {
            throw new LocalPostgresException($"Could not run {fileName}: {e.Message}", e);
        }

        using (process)
        {
            var stdout = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
            var stderr = process.StandardError.ReadToEndAsync(CancellationToken.None);
            using var timeoutSource = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeoutSource.CancelAfter(timeout);
            try
            {
                await process.WaitForExitAsync(timeoutSource.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                cancellationToken.ThrowIfCancellationRequested();
                throw new LocalPostgresException($"{fileName} {string.Join(' ', arguments)} did not finish within {timeout}.");
            }

            return new ToolResult(process.ExitCode, (await stdout) + (await stderr));
        }
    }
}

/// <summary>How a command line ended: its exit code and its standard output followed by its standard error.</summary>
internal sealed record ToolResult(int ExitCode, string Output);
