using Microsoft.Playwright;
using OrdersAspire.Analyzer.Tests.Support;

namespace OrdersAspire.Analyzer.Tests.Integration;

/// <summary>The web view in Debian's Chromium (Playwright's own browsers cannot be downloaded here): both groups,
/// their members and lag, updating without a reload.</summary>
public class BrowserTests
{
    private const string Chromium = "/usr/bin/chromium";

    [SkippableFact]
    public async Task Page_shows_both_groups_and_follows_the_lag()
    {
        Skip.If(!File.Exists(Chromium) && Environment.GetEnvironmentVariable("CI") != "true", $"{Chromium} is not installed");

        using var kafka = new KafkaTestCluster();
        await using var processors = new TestConsumerGroup(kafka, "order-processors", 3).Start();
        await using var analytics = new TestConsumerGroup(kafka, "analytics", 2).Start();
        using var app = new AnalyzerApp(kafka, ["order-processors", "analytics"], kestrel: true);
        await processors.WaitForAssignmentAsync(TimeSpan.FromSeconds(40));
        await analytics.WaitForAssignmentAsync(TimeSpan.FromSeconds(40));

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Chromium,
            Headless = true,
            Args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        });
        var page = await browser.NewPageAsync();
        await page.GotoAsync(app.BaseAddress.ToString());

        var processorsSection = page.Locator("section[data-group='order-processors']");
        var analyticsSection = page.Locator("section[data-group='analytics']");
        var expect = new LocatorAssertionsToHaveCountOptions { Timeout = 30_000 };
        await Assertions.Expect(processorsSection.Locator("tr.member")).ToHaveCountAsync(3, expect);
        await Assertions.Expect(analyticsSection.Locator("tr.member")).ToHaveCountAsync(2, expect);
        await Assertions.Expect(processorsSection.Locator("table.grid tbody tr")).ToHaveCountAsync(6, expect);
        await Assertions.Expect(analyticsSection.Locator(".total-lag")).ToHaveTextAsync("0", new() { Timeout = 30_000 });

        // Stop analytics, produce: the page shows the new lag and the unhealthy state without being reloaded.
        var navigations = 0;
        page.FrameNavigated += (_, _) => navigations++;
        await analytics.StopAsync();
        kafka.ProduceToEveryPartition(1100);
        await Assertions.Expect(analyticsSection.Locator(".total-lag")).ToHaveTextAsync("6,600", new() { Timeout = 30_000 });
        await Assertions.Expect(analyticsSection.Locator(".health")).ToHaveTextAsync("Unhealthy", new() { Timeout = 30_000 });
        await Assertions.Expect(analyticsSection.Locator("tr.member")).ToHaveCountAsync(0, expect);
        await Assertions.Expect(processorsSection.Locator(".total-lag")).ToHaveTextAsync("0", new() { Timeout = 30_000 });
        Assert.Equal(0, navigations);
        if (Environment.GetEnvironmentVariable("ANALYZER_SCREENSHOT") is { Length: > 0 } screenshot)
        {
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = screenshot, FullPage = true });
        }
    }
}
