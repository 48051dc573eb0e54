namespace PipelineBuild.EndToEnd.Tests.Pictures;

/// <summary>
/// A test that opens pages in a real Chromium (Debian's <c>chromium</c>): skipped, with the reason, when it
/// is not installed, unless PIPELINEBUILD_REQUIRE_BROWSER=1 (CI), where a missing browser must fail it.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class BrowserFactAttribute : FactAttribute
{
    public BrowserFactAttribute()
    {
        if (!File.Exists(Browser.ExecutablePath) && Environment.GetEnvironmentVariable("PIPELINEBUILD_REQUIRE_BROWSER") != "1")
        {
            Skip = $"no Chromium at {Browser.ExecutablePath}: apt-get install -y chromium (or set PIPELINEBUILD_CHROMIUM)";
        }
    }
}
