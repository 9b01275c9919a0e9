using Connectivity.Api.Auth;
using Connectivity.Domain.Documents;

namespace Connectivity.Api.Commands;

/// <summary><c>token --account {ID} [--admin] [--scope S] [--hours N]</c>: prints a token signed with the configured key.</summary>
public static class TokenCommand
{
    public static int Run(string[] args)
    {
        string? account = null, scope = null;
        var admin = false;
        var hours = 12;
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--account" when i + 1 < args.Length: account = args[++i]; break;
                case "--scope" when i + 1 < args.Length: scope = args[++i]; break;
                case "--hours" when i + 1 < args.Length && int.TryParse(args[i + 1], out var h) && h > 0: hours = h; i++; break;
                case "--admin": admin = true; break;
                default: return Usage($"Unexpected argument '{args[i]}'.");
            }
        }
        if (account is null && !admin && scope is null) return Usage("Name an account, or ask for --admin or a --scope.");
        if (account is not null && !DocumentIds.IsValid(account)) return Usage("An account id is 32 lowercase hex characters.");

        var builder = CommandLine.ServiceConfiguration();
        var options = AuthSetup.ReadOptions(builder.Configuration, builder.Environment);
        Console.WriteLine(TokenIssuer.Issue(options, account, admin, scope, TimeSpan.FromHours(hours)));
        return 0;
    }

    private static int Usage(string problem)
    {
        Console.Error.WriteLine(problem);
        Console.Error.WriteLine("usage: token --account {ACCOUNT_ID} [--admin] [--scope connectivity:lookup] [--hours 12]");
        return 2;
    }
}
