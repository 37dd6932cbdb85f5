using System.Security.Cryptography;
using System.Text;

namespace AutomationPlugins.Email.Activities;

/// <summary>
/// Subject lines of an A/B test: one variant per line. A contact always gets the same variant (a hash of its id,
/// not a random draw), so a redone step or a second journey run does not switch the subject a contact sees.
/// </summary>
public static class SubjectVariants
{
    public static IReadOnlyList<string> Split(string subject) =>
        subject.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    public static int IndexFor(string recipient, int count)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(recipient.Trim().ToLowerInvariant()));
        return (int)(BitConverter.ToUInt32(hash, 0) % (uint)count);
    }
}
