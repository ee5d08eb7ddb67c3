using OrdersAspire.EmbeddedKafka.Extensions;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddEmbeddedKafka();

var app = builder.Build();
app.MapDefaultEndpoints();
app.MapEmbeddedKafkaApis();

return await app.RunOrRefuseAsync();
