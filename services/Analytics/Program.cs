using OrdersAspire.Analytics.Apis;
using OrdersAspire.Analytics.Extensions;
using OrdersAspire.ConsumerGroups.Consumer;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddApplicationServices();

var app = builder.Build();
app.UseExceptionHandler();
app.MapDefaultEndpoints();
app.MapOpenApi();
app.MapConsumerApi();
app.MapAnalyticsApi();
app.Run();

public partial class Program;
