#:package Microsoft.Playwright
#:property PublishAot=false
// Takes docs/images/aspire-trace.png: one order's trace in the Aspire dashboard. Needs the system running
// (`dotnet run --project AppHost`) and Debian's Chromium; from the repository root:
//   dotnet run docs/screenshots/dashboard-trace.cs [dashboard-url] [load-generator-url]
using System.Net.Http.Json;
using Microsoft.Playwright;

var dashboard = args.Length > 0 ? args[0].TrimEnd('/') : "http://localhost:15888";
var loadGenerator = args.Length > 1 ? args[1].TrimEnd('/') : "http://localhost:8090";
const string Output = "docs/images/aspire-trace.png";

// A few orders, so there are fresh per-order traces to open.
using (var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) })
{
    using var started = await http.PostAsJsonAsync($"{loadGenerator}/api/orders/generate", new { count = 50, ratePerSecond = 25 });
    started.EnsureSuccessStatusCode();
}

using var playwright = await Playwright.CreateAsync();
await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
{
    ExecutablePath = "/usr/bin/chromium",
    Headless = true,
    Args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
});
var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1600, Height = 900 } });
page.SetDefaultTimeout(60_000);

await page.GotoAsync($"{dashboard}/traces");
await page.GetByText("order-events publish").First.ClickAsync();           // one order's trace
await page.WaitForURLAsync("**/traces/detail/**");
var processing = page.GetByText("order-processors-").First;
await processing.WaitForAsync();                                           // its consumer spans have arrived
await page.GetByText("analytics-").First.WaitForAsync();
var banners = page.Locator("fluent-button.dashboard-message-bar-dismiss");
while (await banners.CountAsync() > 0)
    await banners.First.ClickAsync();                                      // the local-development banners
await processing.ClickAsync();                                             // the processing span's attributes
await page.GetByText("messaging.consumer.group.name").WaitForAsync();
await page.ScreenshotAsync(new PageScreenshotOptions { Path = Output });
Console.WriteLine($"{Output}: {page.Url}");
