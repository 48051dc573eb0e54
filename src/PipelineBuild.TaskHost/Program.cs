using PipelineBuild.TaskHost;

// dotnet PipelineBuild.TaskHost.dll run <request.json>          runs one task step
// dotnet PipelineBuild.TaskHost.dll serve <socket>              runs the task steps of one run, one at a time
// dotnet PipelineBuild.TaskHost.dll serve --listen <socket> --idle <seconds>  kept across runs: serves one tool at a time
// dotnet PipelineBuild.TaskHost.dll list <assembly.dll> <out.json>  lists the tasks of an assembly
// dotnet PipelineBuild.TaskHost.dll nuget-push <package.nupkg> <source>  pushes with NuGet.Protocol (API key: NUGET_API_KEY)
return args switch
{
    ["nuget-push", var package, var source] => await NuGetPush.RunAsync(package, source, Environment.GetEnvironmentVariable("NUGET_API_KEY")).ConfigureAwait(false),
    ["run", var request] => await TaskExecution.RunAsync(request).ConfigureAwait(false),
    ["serve", "--listen", var socket, "--idle", var idle] => KeptServer.Run(socket, idle),
    ["serve", var socket] => await TaskServer.ServeAsync(socket).ConfigureAwait(false),
    ["list", var assembly, var output] => TaskListing.Write(assembly, output),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: PipelineBuild.TaskHost run <request.json> | serve <socket> | serve --listen <socket> --idle <seconds> | list <assembly.dll> <out.json> | nuget-push <package.nupkg> <source>");
    return HostExitCodes.Usage;
}
