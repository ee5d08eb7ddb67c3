namespace OrdersAspire.Deployment.Tests.Manifests;

/// <summary>KEDA's <c>keda.sh/v1alpha1</c> TriggerAuthentication: scaler parameters read from Secrets.</summary>
public sealed class TriggerAuthentication : CustomResource<TriggerAuthentication.TriggerAuthenticationSpec>
{
    public const string ApiVersionKind = "keda.sh/v1alpha1/TriggerAuthentication";

    public sealed class TriggerAuthenticationSpec
    {
        public List<SecretParameter> SecretTargetRef { get; set; } = [];
    }

    public sealed class SecretParameter
    {
        public string Parameter { get; set; } = "";

        public string Name { get; set; } = "";

        public string Key { get; set; } = "";
    }
}
