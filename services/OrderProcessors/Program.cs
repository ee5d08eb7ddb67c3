using OrdersAspire.ConsumerGroups.Consumer;
using OrdersAspire.OrderProcessors.Apis;
using OrdersAspire.OrderProcessors.Extensions;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddApplicationServices();

var app = builder.Build();
app.UseExceptionHandler();
app.MapDefaultEndpoints();
app.MapOpenApi();
app.MapConsumerApi();
app.MapProcessedOrdersApi();
app.Run();

public partial class Program;
