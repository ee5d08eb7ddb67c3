namespace OrdersAspire.AppHost.Kafka;

/// <summary>A single-node KRaft Kafka (confluentinc/confluent-local) for machines with a container runtime.</summary>
public sealed class KafkaContainerResource(string name) : ContainerResource(name), IResourceWithConnectionString
{
    internal const string PrimaryEndpointName = "tcp";
    internal const string InternalEndpointName = "internal";

    public EndpointReference PrimaryEndpoint => field ??= new(this, PrimaryEndpointName);
    public EndpointReference InternalEndpoint => field ??= new(this, InternalEndpointName);

    public ReferenceExpression ConnectionStringExpression =>
        ReferenceExpression.Create($"{PrimaryEndpoint.Property(EndpointProperty.HostAndPort)}");
}
