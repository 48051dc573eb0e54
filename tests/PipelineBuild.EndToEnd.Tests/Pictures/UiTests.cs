using System.Net;

namespace PipelineBuild.EndToEnd.Tests.Pictures;

/// <summary><c>ui</c> in headless Chromium: the runs list (filter, sort, live), a run's page, compare; the token off localhost.</summary>
public sealed class UiTests : IClassFixture<PicturesPipeline>
{
    private readonly PicturesPipeline _pipeline;

    public UiTests(PicturesPipeline pipeline)
    {
        _pipeline = pipeline;
    }

    [BrowserFact]
    public async Task Should_list_filter_and_sort_runs_and_open_a_run_and_a_comparison()
    {
        // Given
        using var ui = new UiProcess(_pipeline.Root, "127.0.0.1");
        await using var browser = await Browser.LaunchAsync();

        // When
        var page = await browser.OpenAsync(ui.Url);
        await page.Page.WaitForSelectorAsync("table.runs tbody tr");

        // Then: every run, filtered by a param, sorted by a metric
        var rows = page.Page.Locator("table.runs tbody tr");
        Assert.True(await rows.CountAsync() >= 5);
        await page.Page.FillAsync("#filter-param", "train.lr=0.3");
        Assert.Equal(1, await rows.CountAsync());
        await page.Page.FillAsync("#filter-param", "");
        await page.Page.SelectOptionAsync("#sort-metric", "metrics/train.json:accuracy|desc");
        Assert.Contains("0.9", await rows.First.InnerTextAsync(), StringComparison.Ordinal);
        await page.Page.SelectOptionAsync("#filter-status", "failed");
        Assert.Equal(0, await rows.CountAsync());
        await page.Page.SelectOptionAsync("#filter-status", "succeeded");
        await page.ScreenshotAsync("ui.png");

        // a comparison of the first two rows: one point each
        await rows.Nth(0).Locator("input[type=checkbox]").CheckAsync();
        await rows.Nth(1).Locator("input[type=checkbox]").CheckAsync();
        await page.Page.ClickAsync("#compare-selected");
        await page.Page.WaitForSelectorAsync("[data-metric='metrics/train.json:accuracy'] svg");
        await page.WaitForChartsAsync();
        Assert.Equal(2, await page.CountAsync("[data-metric='metrics/train.json:accuracy'] .mark-symbol.role-mark path"));

        // a run's page is the report
        await page.Page.GoBackAsync();
        await page.Page.Locator("table.runs tbody tr a").First.ClickAsync();
        await page.Page.WaitForSelectorAsync("svg.pb-graph");
        await page.WaitForChartsAsync();
        Assert.Equal(3, await page.CountAsync("svg.pb-graph g.node"));
        Assert.Empty(page.Errors);
        Assert.All(page.Requests, url => Assert.StartsWith(ui.Url, url, StringComparison.Ordinal));
    }

    [BrowserFact]
    public async Task Should_show_a_run_recorded_while_the_page_is_open_without_a_reload()
    {
        // Given an open runs page
        using var ui = new UiProcess(_pipeline.Root, "127.0.0.1");
        await using var browser = await Browser.LaunchAsync();
        var page = await browser.OpenAsync(ui.Url);
        await page.Page.WaitForSelectorAsync("table.runs tbody tr");
        var before = await page.CountAsync("table.runs tbody tr");

        // When a run is recorded
        var result = _pipeline.Tool("run", "--param", "train.lr=0.35");
        Assert.True(result.ExitCode == 0, result.ToString());

        // Then the list grows by one on its own
        await page.Page.WaitForFunctionAsync($"() => document.querySelectorAll('table.runs tbody tr').length === {before + 1}", null, new() { Timeout = 30_000 });
        Assert.Empty(page.Errors);
    }

    [BrowserFact]
    public async Task Should_show_the_steps_of_a_run_in_progress_and_move_it_to_the_table_once_recorded()
    {
        // Given an open runs page of a workspace whose second step waits for a file
        using var scenario = new Scenario("""
            pipeline: live
            stages:
              s:
                steps:
                  first:
                    run: echo 1 > one.txt
                    outputs: [one.txt]
                  wait:
                    run: while [ ! -f go ]; do sleep 0.1; done; cat one.txt > two.txt
                    inputs: [one.txt]
                    outputs: [two.txt]
            """);
        using var ui = new UiProcess(scenario.Root, "127.0.0.1");
        await using var browser = await Browser.LaunchAsync();
        var page = await browser.OpenAsync(ui.Url);
        await page.Page.WaitForSelectorAsync("#live", new() { State = Microsoft.Playwright.WaitForSelectorState.Attached });
        using var run = PipelineTool.Start(scenario.Root, null, "run", "--jobs", "1");
        try
        {
            // When the run is in its second step
            await page.Page.WaitForSelectorAsync("section.live-run tr[data-step='s.wait'] .s-running", new() { Timeout = 60_000 });

            // Then the page shows it live: the first step done, the second running
            Assert.Contains("1/2 steps done", await page.Page.InnerTextAsync("section.live-run h2"), StringComparison.Ordinal);
            Assert.Equal(1, await page.CountAsync("section.live-run tr[data-step='s.first'] .s-ran"));
            Assert.Equal(0, await page.CountAsync("table.runs tbody tr"));

            // And when it ends, it leaves the live section for the table of recorded runs
            scenario.Workspace.Write("go", "");
            Assert.True(run.WaitForExit(TimeSpan.FromSeconds(60)), "the run did not finish");
            Assert.Equal(0, run.ExitCode);
            await page.Page.WaitForFunctionAsync("() => document.querySelectorAll('section.live-run').length === 0 && document.querySelectorAll('table.runs tbody tr').length === 1", null, new() { Timeout = 30_000 });
            Assert.False(File.Exists(Path.Combine(scenario.Root, ".pipeline", "logs", await page.Page.GetAttributeAsync("table.runs tbody tr", "data-run") ?? "", "live.json")));
            Assert.Empty(page.Errors);
        }
        finally
        {
            if (!run.HasExited)
            {
                run.Kill(entireProcessTree: true);
            }
        }
    }

    [Fact]
    public async Task Should_require_the_token_off_localhost_and_refuse_to_start_there_without_one()
    {
        // Given / When: every interface without a token
        var refused = _pipeline.Tool("ui", "--host", "*", "--port", LocalServer.FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture));

        // Then
        Assert.Equal(2, refused.ExitCode);
        Assert.Contains("PB1051", refused.Stderr, StringComparison.Ordinal);

        // Given / When: with a token
        using var ui = new UiProcess(_pipeline.Root, "*", new Dictionary<string, string> { ["PIPELINEBUILD_UI_TOKEN"] = "s3cret-token" });
        using var http = new HttpClient();

        // Then
        Assert.Equal(HttpStatusCode.Unauthorized, (await http.GetAsync(new Uri(ui.Url + "api/runs"))).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await http.GetAsync(new Uri(ui.Url + "?token=wrong"))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(new Uri(ui.Url + "api/runs?token=s3cret-token"))).StatusCode);
        var post = await http.PostAsync(new Uri(ui.Url + "api/runs?token=s3cret-token"), new StringContent(""));
        Assert.Equal(HttpStatusCode.MethodNotAllowed, post.StatusCode);
    }
}
