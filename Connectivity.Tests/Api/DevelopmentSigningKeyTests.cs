using Connectivity.Api.Auth;

namespace Connectivity.Tests.Api;

public sealed class DevelopmentSigningKeyTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "signing-key-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public void The_development_key_is_made_once_kept_private_and_reused_so_printed_tokens_survive_a_restart()
    {
        var first = DevelopmentSigningKey.LoadOrCreate(_folder);
        var second = DevelopmentSigningKey.LoadOrCreate(_folder);

        Assert.Equal(first, second);
        Assert.True(System.Text.Encoding.UTF8.GetByteCount(first) >= AuthOptions.MinimumSigningKeyBytes);
        if (!OperatingSystem.IsWindows())
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(_folder, "signing-key")));
        Assert.NotEqual(first, DevelopmentSigningKey.LoadOrCreate(_folder + "-other"));
        Directory.Delete(_folder + "-other", recursive: true);
    }

    public void Dispose()
    {
        if (Directory.Exists(_folder)) Directory.Delete(_folder, recursive: true);
    }
}
