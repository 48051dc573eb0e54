namespace PipelineBuild.EndToEnd.Tests.Pictures;

/// <summary>Every DVC plot template and an image, drawn by <c>plots show</c> in headless Chromium: the marks a user sees per chart.</summary>
public sealed class PlotTemplateTests
{
    private const string Pipeline = """
        pipeline: templates
        stages:
          eval:
            steps:
              plots:
                run: |
                  mkdir -p plots
                  printf 'a,b\n1,2\n2,3\n3,1\n4,5\n5,4\n' > plots/scatter.csv
                  printf 'class,count\nsetosa,50\nversicolor,48\nvirginica,47\n' > plots/bar.csv
                  printf 'actual,predicted\ncat,cat\ncat,dog\ndog,dog\ndog,dog\n' > plots/confusion.csv
                  printf 'fpr,tpr\n0,0\n0.1,0.6\n0.4,0.9\n1,1\n' > plots/roc.csv
                  printf 'recall,precision\n0.2,1\n0.6,0.8\n1,0.5\n' > plots/pr.csv
                  printf 'step,loss\n1,0.9\n2,0.7\n3,0.75\n4,0.5\n5,0.45\n6,0.5\n7,0.3\n8,0.32\n' > plots/smooth.csv
                  printf '<svg xmlns="http://www.w3.org/2000/svg" width="20" height="20"><rect width="20" height="20" fill="red"/></svg>' > plots/mark.svg
                plots:
                  - plots/scatter.csv: { template: scatter, x: a, y: b }
                  - plots/bar.csv: { template: bar, x: class, y: count }
                  - plots/confusion.csv: { template: confusion, x: actual, y: predicted }
                  - plots/roc.csv: { template: roc }
                  - plots/pr.csv: { template: precision-recall }
                  - plots/smooth.csv: { template: smooth, x: step, y: loss }
                  - plots/mark.svg
        """;

    [BrowserFact]
    public async Task Should_draw_each_template_with_one_mark_per_row_or_cell_and_show_images_as_they_are()
    {
        // Given a run that wrote one file per template
        using var scenario = new Scenario(Pipeline);
        var run = scenario.Tool("run");
        Assert.True(run.ExitCode == 0, run.ToString());
        var file = scenario.Workspace.PathOf("plots.html");

        // When
        var result = scenario.Tool("plots", "show", "-o", file);

        // Then
        Assert.True(result.ExitCode == 0, result.ToString());
        await using var browser = await Browser.LaunchAsync();
        var page = await browser.OpenAsync(new Uri(file).AbsoluteUri);
        await page.WaitForChartsAsync();
        await page.ScreenshotAsync("plot-templates.png");
        Assert.Empty(page.Errors);
        Assert.Equal([new Uri(file).AbsoluteUri], page.Requests);
        Assert.Equal(5, await Marks(page, "plots/scatter.csv", ".mark-symbol.role-mark path"));
        Assert.Equal(3, await Marks(page, "plots/bar.csv", ".mark-rect.role-mark path"));
        // three distinct (actual, predicted) cells, each with its count written in it
        Assert.Equal(3, await Marks(page, "plots/confusion.csv", ".mark-rect.role-mark path"));
        Assert.Equal(["1", "1", "2"], (await page.Page.Locator("[data-path='plots/confusion.csv'] .mark-text.role-mark text").AllTextContentsAsync()).Order(StringComparer.Ordinal));
        Assert.Equal(1, await Marks(page, "plots/roc.csv", ".mark-line.role-mark path"));
        Assert.Equal(4, await Marks(page, "plots/roc.csv", ".mark-symbol.role-mark path"));
        Assert.Contains("fpr", await page.Page.Locator("[data-path='plots/roc.csv'] .role-axis-title").AllTextContentsAsync());
        Assert.Equal(3, await Marks(page, "plots/pr.csv", ".mark-symbol.role-mark path"));
        Assert.Contains("recall", await page.Page.Locator("[data-path='plots/pr.csv'] .role-axis-title").AllTextContentsAsync());
        // the raw series and its smoothed line
        Assert.Equal(2, await Marks(page, "plots/smooth.csv", ".mark-line.role-mark path"));
        Assert.Equal(1, await Marks(page, "plots/mark.svg", "img[src^='data:image/svg+xml']"));
    }

    private static Task<int> Marks(OpenedPage page, string plot, string selector) =>
        page.CountAsync($"[data-path='{plot}'] {selector}");
}
