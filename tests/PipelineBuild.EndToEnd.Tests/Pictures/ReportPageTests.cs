namespace PipelineBuild.EndToEnd.Tests.Pictures;

/// <summary><c>report</c>, <c>compare --html</c> and <c>plots</c> pages, opened from disk in headless Chromium.</summary>
public sealed class ReportPageTests : IClassFixture<PicturesPipeline>
{
    private readonly PicturesPipeline _pipeline;

    public ReportPageTests(PicturesPipeline pipeline)
    {
        _pipeline = pipeline;
    }

    [BrowserFact]
    public async Task Should_draw_a_report_offline_with_one_graph_node_and_one_timeline_bar_per_step()
    {
        // Given five recorded runs
        var file = _pipeline.Path("report.html");

        // When
        var result = _pipeline.Tool("report", "-o", file);

        // Then the page is one file that draws everything without a request
        Assert.True(result.ExitCode == 0, result.ToString());
        var html = await File.ReadAllTextAsync(file);
        Assert.DoesNotContain("<script src", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<link", html, StringComparison.OrdinalIgnoreCase);
        await using var browser = await Browser.LaunchAsync();
        var page = await browser.OpenAsync(new Uri(file).AbsoluteUri);
        await page.ScreenshotAsync("report.png");
        Assert.Empty(page.Errors);
        Assert.Equal([new Uri(file).AbsoluteUri], page.Requests);
        Assert.Equal(3, await page.CountAsync("svg.pb-graph g.node"));
        Assert.Equal(2, await page.CountAsync("svg.pb-graph path.edge"));
        Assert.Equal(3, await page.CountAsync("#timeline .mark-rect.role-mark path"));
        Assert.Equal(PicturesPipeline.Epochs, await page.CountAsync("#plots .mark-symbol.role-mark path"));
        var metrics = await page.Page.Locator("#metrics").InnerTextAsync();
        Assert.Contains("accuracy", metrics, StringComparison.Ordinal);
        Assert.Contains("0.75", metrics, StringComparison.Ordinal);   // lr 0.25 → 0.5 + 0.25
        Assert.Contains("-0.15", metrics, StringComparison.Ordinal);  // against the run before (lr 0.4)
    }

    [BrowserFact]
    public async Task Should_chart_each_metric_across_five_runs_and_sort_the_table_in_compare()
    {
        // Given
        var file = _pipeline.Path("compare.html");

        // When
        var result = _pipeline.Tool("compare", "latest~4", "latest~3", "latest~2", "latest~1", "latest", "--html", file);

        // Then
        Assert.True(result.ExitCode == 0, result.ToString());
        await using var browser = await Browser.LaunchAsync();
        var page = await browser.OpenAsync(new Uri(file).AbsoluteUri);
        Assert.Empty(page.Errors);
        Assert.Equal([new Uri(file).AbsoluteUri], page.Requests);
        Assert.Equal(5, await page.CountAsync("table.runs tbody tr"));
        Assert.Equal(5, await page.CountAsync("[data-metric='metrics/train.json:accuracy'] .mark-symbol.role-mark path"));

        // the accuracy column sorted from the top: the run with the highest rate (0.4 → 0.9) first
        var header = page.Page.Locator("table.runs th", new() { HasTextString = "metrics/train.json:accuracy" });
        await header.ClickAsync();
        await header.ClickAsync();
        Assert.Contains("0.9", await page.Page.Locator("table.runs tbody tr").First.InnerTextAsync(), StringComparison.Ordinal);

        // accuracy against the learning rate: still one point per run
        await page.Page.SelectOptionAsync("#x-axis", "train.lr");
        await page.WaitForChartsAsync();
        Assert.Equal(5, await page.CountAsync("[data-metric='metrics/train.json:accuracy'] .mark-symbol.role-mark path"));
        await page.ScreenshotAsync("compare.png");
        Assert.Empty(page.Errors);
    }

    [BrowserFact]
    public async Task Should_draw_one_line_per_run_in_plots_diff_and_the_workspace_in_plots_show()
    {
        // Given
        var diff = _pipeline.Path("plots-diff.html");
        var show = _pipeline.Path("plots-show.html");

        // When
        var diffResult = _pipeline.Tool("plots", "diff", "latest~1", "latest", "-o", diff);
        var showResult = _pipeline.Tool("plots", "show", "-o", show);

        // Then
        Assert.True(diffResult.ExitCode == 0, diffResult.ToString());
        Assert.True(showResult.ExitCode == 0, showResult.ToString());
        await using var browser = await Browser.LaunchAsync();
        var page = await browser.OpenAsync(new Uri(diff).AbsoluteUri);
        Assert.Empty(page.Errors);
        Assert.Equal(2, await page.CountAsync(".mark-line.role-mark path"));
        Assert.Equal(2 * PicturesPipeline.Epochs, await page.CountAsync(".mark-symbol.role-mark path"));
        Assert.Equal(2, await page.CountAsync(".role-legend-symbol path"));
        await page.ScreenshotAsync("plots-diff.png");
        var workspace = await browser.OpenAsync(new Uri(show).AbsoluteUri);
        Assert.Empty(workspace.Errors);
        Assert.Equal(PicturesPipeline.Epochs, await workspace.CountAsync(".mark-symbol.role-mark path"));
    }

    [Fact]
    public void Should_write_the_report_and_the_comparison_as_markdown()
    {
        // When
        var report = _pipeline.Tool("report", "--format", "md");
        var compare = _pipeline.Tool("compare", "latest~2", "latest~1", "latest", "--format", "md");

        // Then
        Assert.True(report.ExitCode == 0, report.ToString());
        Assert.Contains("| metrics/train.json | accuracy | 0.75 | -0.15 |", report.Stdout, StringComparison.Ordinal);
        Assert.Contains("| train.fit | ran |", report.Stdout, StringComparison.Ordinal);
        Assert.True(compare.ExitCode == 0, compare.ToString());
        Assert.Contains("| run | status | train.lr | metrics/train.json: accuracy | metrics/train.json: loss |", compare.Stdout, StringComparison.Ordinal);
        Assert.Equal(3, compare.Stdout.Split('\n').Count(l => l.Contains("| succeeded |", StringComparison.Ordinal)));
    }
}
