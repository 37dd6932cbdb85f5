using AutomationPlugins.Email.Composition;
using AutomationServer.Sdk.Channels;
using MimeKit;

namespace AutomationPlugins.Email.Transport;

/// <summary>
/// Writes each message as <c>&lt;message id&gt;.eml</c> into a folder. The file is written under a temporary name and
/// renamed into place, so a reader never sees half a message; the name comes from the message id, so a resend
/// replaces the file instead of adding a second one.
/// </summary>
internal sealed class PickupFolderTransport(string directory) : IEmailTransport
{
    private static readonly FormatOptions Format = CreateFormat();

    public string Directory { get; } = directory;

    public async ValueTask<SendResult> SendAsync(EmailComposition composition, Guid messageId, CancellationToken cancellationToken)
    {
        var target = Path.Combine(Directory, EmailMessageIds.FileName(messageId));
        var temporary = Path.Combine(Directory, $".{messageId:N}.{Guid.NewGuid():N}.tmp");
        try
        {
            System.IO.Directory.CreateDirectory(Directory);
            await using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 16 * 1024, FileOptions.Asynchronous))
            {
                await composition.Message.WriteToAsync(Format, stream, cancellationToken);
                await stream.FlushAsync(cancellationToken);
            }

            File.Move(temporary, target, overwrite: true);
            return SendResult.Sent(composition.Message.MessageId);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            TryDelete(temporary);
            return SendResult.Retry($"Could not write to the pickup folder {Directory}: {ex.Message}");
        }
        catch (OperationCanceledException)
        {
            TryDelete(temporary);
            throw;
        }
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    public void Dispose()
    {
    }

    private static FormatOptions CreateFormat()
    {
        var format = FormatOptions.Default.Clone();
        format.NewLineFormat = NewLineFormat.Dos;
        return format;
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
