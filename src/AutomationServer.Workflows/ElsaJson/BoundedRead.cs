namespace AutomationServer.Workflows.ElsaJson;

/// <summary>Reads a stream to its end, refusing more than a limit so a hostile upload cannot exhaust memory.</summary>
internal static class BoundedRead
{
    public static bool TryReadAll(Stream stream, long limit, out byte[] bytes, out string? error)
    {
        bytes = [];
        error = null;
        try
        {
            using var buffer = new MemoryStream();
            var chunk = new byte[81920];
            int read;
            while ((read = stream.Read(chunk, 0, chunk.Length)) > 0)
            {
                if (buffer.Length + read > limit)
                {
                    error = $"The content is larger than {FormatSize(limit)}.";
                    return false;
                }

                buffer.Write(chunk, 0, read);
            }

            bytes = buffer.ToArray();
            return true;
        }
        catch (InvalidDataException exception)
        {
            error = $"The content could not be read: {exception.Message}";
            return false;
        }
        catch (IOException exception)
        {
            error = $"The content could not be read: {exception.Message}";
            return false;
        }
    }

    public static string FormatSize(long bytes) => bytes >= 1024 * 1024 && bytes % (1024 * 1024) == 0
        ? $"{bytes / (1024 * 1024)} MB"
        : $"{bytes} bytes";
}
