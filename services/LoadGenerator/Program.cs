using OrdersAspire.LoadGenerator.Apis;
using OrdersAspire.LoadGenerator.Extensions;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddApplicationServices();

var app = builder.Build();
app.UseExceptionHandler();
app.UseStatusCodePages();
app.MapApiReference();
app.MapDefaultEndpoints();
app.MapOrderGenerationApi();
app.Run();
