using Microsoft.Playwright;

namespace PipelineBuild.EndToEnd.Tests.Pictures;

/// <summary>A page in the browser with what it logged and requested since it opened.</summary>
internal sealed class OpenedPage
{
    private readonly List<string> _errors = [];
    private readonly List<string> _requests = [];

    public OpenedPage(IPage page)
    {
        Page = page;
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                lock (_errors)
                {
                    _errors.Add(message.Text);
                }
            }
        };
        page.PageError += (_, error) =>
        {
            lock (_errors)
            {
                _errors.Add(error);
            }
        };
        page.Request += (_, request) =>
        {
            lock (_requests)
            {
                _requests.Add(request.Url);
            }
        };
    }

    public IPage Page { get; }

    public IReadOnlyList<string> Errors
    {
        get
        {
            lock (_errors)
            {
                return [.. _errors];
            }
        }
    }

    /// <summary>Every URL the page requested, data: URLs left out (inline images).</summary>
    public IReadOnlyList<string> Requests
    {
        get
        {
            lock (_requests)
            {
                return [.. _requests.Where(u => !u.StartsWith("data:", StringComparison.Ordinal))];
            }
        }
    }

    public Task<int> CountAsync(string selector) => Page.Locator(selector).CountAsync();

    /// <summary>Waits until every chart holder has drawn its SVG (or said why it could not).</summary>
    public Task WaitForChartsAsync() =>
        Page.WaitForFunctionAsync("() => [...document.querySelectorAll('.chart')].every(c => c.querySelector('svg') || c.querySelector('.missing'))");

    public async Task ScreenshotAsync(string name)
    {
        Directory.CreateDirectory(Browser.ScreenshotFolder);
        await Page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Browser.ScreenshotFolder, name), FullPage = true });
    }
}
