using System.CommandLine;
using System.Runtime.InteropServices;
using PipelineBuild.Cli.Pictures;
using PipelineBuild.Core.Diagnostics;

namespace PipelineBuild.Cli.Commands;

/// <summary>
/// <c>dotnet pipeline ui [--port 8765] [--host 127.0.0.1]</c>: the read-only web app over the run history
/// and artifacts. Off localhost it refuses to start without <c>PIPELINEBUILD_UI_TOKEN</c>, which every
/// request must then carry.
/// </summary>
internal static class UiCommand
{
    public const string TokenVariable = "PIPELINEBUILD_UI_TOKEN";

    public static Command Create()
    {
        var port = new Option<int>("--port") { Description = "Port to listen on", DefaultValueFactory = _ => 8765 };
        var host = new Option<string>("--host") { Description = "Address to listen on: 127.0.0.1 (default), localhost, * (every interface; needs the token)", DefaultValueFactory = _ => "127.0.0.1" };
        var command = new Command("ui", "Browse runs, reports, comparisons and artifacts in a local web app (read-only)") { port, host };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var address = parse.GetValue(host)!;
            var token = Environment.GetEnvironmentVariable(TokenVariable);
            var loopback = address is "127.0.0.1" or "localhost" or "::1" or "[::1]";
            if (!loopback && string.IsNullOrEmpty(token))
            {
                throw new PipelineException(
                    PictureCodes.UiNeedsToken,
                    $"--host: error {PictureCodes.UiNeedsToken}: the ui on {address} is reachable from other machines; set {TokenVariable} to a secret every request must carry, or keep the default --host 127.0.0.1",
                    ExitCodes.InvalidInput);
            }

            var layout = WorkspaceLocator.Find(parse);
            var listen = address is "0.0.0.0" or "::" ? "*" : address.Contains(':', StringComparison.Ordinal) && !address.StartsWith('[') ? $"[{address}]" : address;
            using var stopping = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            using var onTerm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
            {
                context.Cancel = true;
                stopping.Cancel();
            });
            // HttpListener matches the Host header: a loopback ui answers to its address and to localhost.
            string[] hosts = loopback ? [listen, "localhost"] : [listen];
            using var server = new UiServer(hosts.Distinct(StringComparer.Ordinal).Select(h => $"http://{h}:{parse.GetValue(port)}/").ToList(), layout, loopback ? null : token);
            var shown = listen is "*" ? "localhost" : listen;
            await Console.Out.WriteLineAsync($"ui: http://{shown}:{parse.GetValue(port)}/{(loopback ? "" : "?token=<" + TokenVariable + ">")} (read-only; Ctrl+C stops)").ConfigureAwait(false);
            try
            {
                await Task.Delay(Timeout.Infinite, stopping.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
            }

            return ExitCodes.Success;
        });
        return command;
    }
}
