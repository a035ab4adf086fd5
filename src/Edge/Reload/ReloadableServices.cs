using System.Diagnostics.CodeAnalysis;
using Edge.Config;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Edge.Reload;

/// <summary>Registers hosted services so that the <see cref="ConfigReloader"/> reaches the same instances.</summary>
internal static class ReloadableServices
{
    /// <summary>A hosted service that applies a reload itself (cameras, pushes).</summary>
    public static IServiceCollection AddReloadable<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] TService>(this IServiceCollection services)
        where TService : class, IHostedService, IReloadable
    {
        services.AddSingleton<TService>();
        services.AddHostedService(provider => provider.GetRequiredService<TService>());
        services.AddSingleton<IReloadable>(provider => provider.GetRequiredService<TService>());
        return services;
    }

    /// <summary>
    /// A hosted service built from some tables of the config, restarted alone when a reload
    /// changes them; with <paramref name="isUsedBy"/>, only when the running config or the new one uses it.
    /// </summary>
    public static IServiceCollection AddReloadableSection<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] TService>(this IServiceCollection services, ConfigSections restartOn, Func<EdgeConfig, bool>? isUsedBy = null)
        where TService : class, IHostedService
    {
        services.AddSingleton(provider => new SectionService<TService>(provider, provider.GetRequiredService<CurrentConfig>(), restartOn, isUsedBy));
        services.AddHostedService(provider => provider.GetRequiredService<SectionService<TService>>());
        services.AddSingleton<IReloadable>(provider => provider.GetRequiredService<SectionService<TService>>());
        return services;
    }
}
