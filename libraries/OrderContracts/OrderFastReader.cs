using System.Text.Json;

namespace OrdersAspire.Orders;

/// <summary>Reads an order in the exact shape <see cref="OrderCodec.Serialize"/> writes (camelCase names, no
/// escapes, each member once, no nulls but <c>note</c>) straight off a <see cref="Utf8JsonReader"/>, several times faster
/// than the serializer's metadata path. Anything else, valid or not, is left to the serializer: the reader gives up
/// (returns null) at the first thing it does not expect, and values are read with the same reader calls the
/// serializer's converters use, so an order it does return is the order the serializer would have built.</summary>
internal static class OrderFastReader
{
    private const int OrderId = 1, CustomerId = 2, Region = 4, Items = 8, Total = 16, Currency = 32, CreatedAt = 64, Note = 128;
    private const int AllRequired = OrderId | CustomerId | Region | Items | Total | Currency | CreatedAt;
    private const int Sku = 1, Quantity = 2, UnitPrice = 4;
    private const int AllItemMembers = Sku | Quantity | UnitPrice;

    public static Order? TryRead(ReadOnlySpan<byte> json)
    {
        try
        {
            var reader = new Utf8JsonReader(json);
            var order = ReadOrder(ref reader);
            // The serializer refuses anything after the value but white space: let it say so.
            return order is not null && !reader.Read() ? order : null;
        }
        catch (JsonException)
        {
            return null;
        }
        catch (FormatException)
        {
            return null;
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }

    private static Order? ReadOrder(ref Utf8JsonReader reader)
    {
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            return null;
        }

        string? orderId = null, customerId = null, region = null, currency = null, note = null;
        List<OrderItem>? items = null;
        decimal total = 0;
        DateTimeOffset createdAt = default;
        var seen = 0;
        while (true)
        {
            var next = NextMember(ref reader);
            if (next == MemberStep.End)
            {
                break;
            }

            if (next == MemberStep.Malformed)
            {
                return null;
            }

            int member;
            if (reader.ValueTextEquals("orderId"u8))
            {
                member = OrderId;
            }
            else if (reader.ValueTextEquals("customerId"u8))
            {
                member = CustomerId;
            }
            else if (reader.ValueTextEquals("region"u8))
            {
                member = Region;
            }
            else if (reader.ValueTextEquals("items"u8))
            {
                member = Items;
            }
            else if (reader.ValueTextEquals("total"u8))
            {
                member = Total;
            }
            else if (reader.ValueTextEquals("currency"u8))
            {
                member = Currency;
            }
            else if (reader.ValueTextEquals("createdAt"u8))
            {
                member = CreatedAt;
            }
            else if (reader.ValueTextEquals("note"u8))
            {
                member = Note;
            }
            else
            {
                return null;
            }

            if (!MoveToValue(ref reader, ref seen, member))
            {
                return null;
            }

            switch (member)
            {
                case OrderId:
                    if ((orderId = ReadString(ref reader)) is null)
                    {
                        return null;
                    }

                    break;
                case CustomerId:
                    if ((customerId = ReadString(ref reader)) is null)
                    {
                        return null;
                    }

                    break;
                case Region:
                    if ((region = ReadString(ref reader)) is null)
                    {
                        return null;
                    }

                    break;
                case Currency:
                    if ((currency = ReadString(ref reader)) is null)
                    {
                        return null;
                    }

                    break;
                case Note:
                    if (reader.TokenType == JsonTokenType.Null)
                    {
                        break;
                    }

                    note = ReadString(ref reader);
                    if (note is null)
                    {
                        return null;
                    }

                    break;
                case Total:
                    if (reader.TokenType != JsonTokenType.Number)
                    {
                        return null;
                    }

                    total = reader.GetDecimal();
                    break;
                case CreatedAt:
                    if (reader.TokenType != JsonTokenType.String)
                    {
                        return null;
                    }

                    createdAt = reader.GetDateTimeOffset();
                    break;
                case Items:
                    if ((items = ReadItems(ref reader)) is null)
                    {
                        return null;
                    }

                    break;
            }
        }
        if ((seen & AllRequired) != AllRequired || orderId is null || customerId is null || region is null || currency is null || items is null)
        {
            return null;
        }

        return new Order
        {
            OrderId = orderId,
            CustomerId = customerId,
            Region = region,
            Items = items,
            Total = total,
            Currency = currency,
            CreatedAt = createdAt,
            Note = note,
        };
    }

    private static string? ReadString(ref Utf8JsonReader reader) =>
        reader.TokenType == JsonTokenType.String ? reader.GetString() : null;

    private static List<OrderItem>? ReadItems(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            return null;
        }

        var items = new List<OrderItem>(2);
        while (true)
        {
            if (!reader.Read())
            {
                return null;
            }

            if (reader.TokenType == JsonTokenType.EndArray)
            {
                return items;
            }

            if (reader.TokenType != JsonTokenType.StartObject)
            {
                return null;
            }

            string? sku = null;
            int quantity = 0;
            decimal unitPrice = 0;
            var seen = 0;
            while (true)
            {
                var next = NextMember(ref reader);
                if (next == MemberStep.End)
                {
                    break;
                }

                if (next == MemberStep.Malformed)
                {
                    return null;
                }

                int member;
                if (reader.ValueTextEquals("sku"u8))
                {
                    member = Sku;
                }
                else if (reader.ValueTextEquals("quantity"u8))
                {
                    member = Quantity;
                }
                else if (reader.ValueTextEquals("unitPrice"u8))
                {
                    member = UnitPrice;
                }
                else
                {
                    return null;
                }

                if (!MoveToValue(ref reader, ref seen, member))
                {
                    return null;
                }

                switch (member)
                {
                    case Sku:
                        sku = ReadString(ref reader);
                        if (sku is null)
                        {
                            return null;
                        }

                        break;
                    case Quantity:
                        if (reader.TokenType != JsonTokenType.Number)
                        {
                            return null;
                        }

                        quantity = reader.GetInt32();
                        break;
                    case UnitPrice:
                        if (reader.TokenType != JsonTokenType.Number)
                        {
                            return null;
                        }

                        unitPrice = reader.GetDecimal();
                        break;
                }
            }
            if (seen != AllItemMembers)
            {
                return null;
            }

            items.Add(new OrderItem { Sku = sku!, Quantity = quantity, UnitPrice = unitPrice });
        }
    }

    /// <summary>Marks <paramref name="member"/> as seen and moves to its value; false for a member given twice (the
    /// serializer decides what that means) or a missing value.</summary>
    private static bool MoveToValue(ref Utf8JsonReader reader, ref int seen, int member)
    {
        if ((seen & member) != 0)
        {
            return false;
        }

        seen |= member;
        return reader.Read();
    }

    private enum MemberStep
    {
        Member,
        End,
        Malformed,
    }

    /// <summary>Moves to the next member of the current object: at an unescaped property name, or at the object's end;
    /// anything else is malformed here (the caller then leaves the order to the serializer).</summary>
    private static MemberStep NextMember(ref Utf8JsonReader reader) =>
        !reader.Read() ? MemberStep.Malformed
        : reader.TokenType == JsonTokenType.EndObject ? MemberStep.End
        : reader.TokenType == JsonTokenType.PropertyName && !reader.ValueIsEscaped ? MemberStep.Member
        : MemberStep.Malformed;
}
