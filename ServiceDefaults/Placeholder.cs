namespace OrdersAspire.ServiceDefaults;
internal static class Placeholder { }
