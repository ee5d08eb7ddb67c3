namespace OrdersAspire.Deployment.Tests.Secrets;

/// <summary>A key of a Secret that something in the render reads, and what reads it.</summary>
public sealed record SecretReference(string Secret, string Key, string ReadBy);
