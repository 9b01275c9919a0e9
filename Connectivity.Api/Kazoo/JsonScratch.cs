using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Connectivity.Api.Kazoo;

/// <summary>
/// A buffer and a writer per thread for JSON written in one synchronous step and copied out at once. A fresh buffer
/// per response cost more than the rest of a lookup: <see cref="Utf8JsonWriter"/> asks for 4 KB at a time, so every
/// response grew one to 8 KB and dropped it.
/// </summary>
internal static class JsonScratch
{
    // The body is JSON served as application/json, never embedded in HTML: '+' in E.164 numbers stays '+', not \u002B.
    public static readonly JavaScriptEncoder Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping;

    // A buffer grown past this by a large body is let go rather than kept by the thread.
    private const int MaxKeptBytes = 64 * 1024;

    [ThreadStatic] private static ArrayBufferWriter<byte>? t_buffer;
    [ThreadStatic] private static Utf8JsonWriter? t_writer;

    /// <summary>Runs <paramref name="write"/> and hands what it wrote to <paramref name="use"/>, which must not keep the span.</summary>
    public static TResult Write<TState, TResult>(TState state, Action<Utf8JsonWriter, TState> write, Func<ReadOnlySpan<byte>, TResult> use)
    {
        var buffer = t_buffer ??= new ArrayBufferWriter<byte>(MaxKeptBytes / 8);
        var writer = t_writer ??= new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = Encoder });
        // Taken while in use: a nested call (none today) gets its own instead of overwriting this one.
        (t_buffer, t_writer) = (null, null);
        try
        {
            buffer.ResetWrittenCount();
            writer.Reset(buffer);
            write(writer, state);
            writer.Flush();
            return use(buffer.WrittenSpan);
        }
        finally
        {
            if (buffer.Capacity <= MaxKeptBytes) (t_buffer, t_writer) = (buffer, writer);
        }
    }
}
