using System.Reflection;
using Microsoft.Playwright;

namespace PipelineBuild.EndToEnd.Tests.Pictures;

/// <summary>
/// Headless Chromium driven by Playwright (its driver ships in the NuGet package; the browser is
/// Debian's, never downloaded). A page opened here records console errors, page errors and every
/// request it makes, so a test can say "nothing left the file".
/// </summary>
internal sealed class Browser : IAsyncDisposable
{
    public static readonly string ExecutablePath = Environment.GetEnvironmentVariable("PIPELINEBUILD_CHROMIUM") ?? "/usr/bin/chromium";

    /// <summary>TestResults/screenshots of the repository: CI keeps TestResults as the test artifacts.</summary>
    public static readonly string ScreenshotFolder = Path.Combine(
        typeof(Browser).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "RepositoryRoot").Value!, "TestResults", "screenshots");

    private readonly IPlaywright _playwright;
    private readonly IBrowser _browser;

    private Browser(IPlaywright playwright, IBrowser browser)
    {
        _playwright = playwright;
        _browser = browser;
    }

    public static async Task<Browser> LaunchAsync()
    {
        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ExecutablePath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
        });
        return new Browser(playwright, browser);
    }

    public async Task<OpenedPage> OpenAsync(string url)
    {
        var page = await _browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1200, Height = 900 } });
        var opened = new OpenedPage(page);
        await page.GotoAsync(url);
        await opened.WaitForChartsAsync();
        return opened;
    }

    public async ValueTask DisposeAsync()
    {
        await _browser.DisposeAsync();
        _playwright.Dispose();
    }
}
