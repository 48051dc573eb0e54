using PipelineBuild.TaskHost;

// dotnet PipelineBuild.TaskHost.dll run <request.json>          runs one task step
// dotnet PipelineBuild.TaskHost.dll serve <socket>              runs the task steps of one run, one at a time
// dotnet PipelineBuild.TaskHost.dll list <assembly.dll> <out.json>  lists the tasks of an assembly
return args switch
{
    ["run", var request] => await TaskExecution.RunAsync(request).ConfigureAwait(false),
    ["serve", var socket] => await TaskServer.ServeAsync(socket).ConfigureAwait(false),
    ["list", var assembly, var output] => TaskListing.Write(assembly, output),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: PipelineBuild.TaskHost run <request.json> | serve <socket> | list <assembly.dll> <out.json>");
    return HostExitCodes.Usage;
}
