using System.Collections;
using PipelineBuild.Cluster;
using PipelineBuild.Cluster.Agent;

var environment = new Dictionary<string, string>(StringComparer.Ordinal);
foreach (DictionaryEntry variable in Environment.GetEnvironmentVariables())
{
    environment[(string)variable.Key] = (string?)variable.Value ?? "";
}

var workspace = args.Length == 2 && args[0] == "--workspace" ? args[1] : AgentPaths.Workspace;
return await new JobAgent(environment, workspace, new AgentLog(Console.Error)).RunAsync(CancellationToken.None).ConfigureAwait(false);
