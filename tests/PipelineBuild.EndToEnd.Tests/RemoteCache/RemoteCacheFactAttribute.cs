namespace PipelineBuild.EndToEnd.Tests.RemoteCache;

/// <summary>
/// A test that needs a remote-cache server (nginx, s3rver or Azurite): skipped, with the reason, when
/// it is not installed, unless PIPELINEBUILD_REQUIRE_REMOTE_CACHE=1 (CI), where it must fail instead.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class RemoteCacheFactAttribute : FactAttribute
{
    public RemoteCacheFactAttribute(string binary)
    {
        if (LocalServer.Find(binary) is null && Environment.GetEnvironmentVariable("PIPELINEBUILD_REQUIRE_REMOTE_CACHE") != "1")
        {
            Skip = $"{binary} is not installed: run build/remote-cache-up.sh";
        }
    }
}
