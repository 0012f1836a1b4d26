# syntax=docker/dockerfile:1
#
# The Stytch BFF image, and (target "emulator") the offline Stytch emulator used by docker-compose's "dev" profile.
#   docker build -t stytch-bff .                              the BFF (last stage = default target)
#   docker build --target emulator -t stytch-emulator .        the emulator
# Both run as the non-root "app" user of the .NET images (uid 1654) and listen on 8080. Configuration comes from
# appsettings.json in the image; secrets only from the environment (Stytch__Secret, Redis__Configuration) or a
# key-per-file directory (Hosting__ConfigDirectory, e.g. Docker or Kubernetes secrets).
#
# The BFF's build stage sees only src/Bff: the image holds the BFF and nothing else (no emulator, no demo API, no demo
# login; tests/container/smoke.sh checks it). The offline first run is src/Bff.Dev, which is never published.

FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
ENV DOTNET_CLI_TELEMETRY_OPTOUT=1
# NuGet's vulnerability audit needs nuget.org; an offline build (tests/container/smoke.sh) passes NUGET_AUDIT=false.
ARG NUGET_AUDIT=true
# Restore first, from the project file only: this layer is reused until the project or a package version changes.
COPY global.json Directory.Build.props Directory.Packages.props .editorconfig ./
COPY src/Bff/Bff.csproj src/Bff/
RUN dotnet restore src/Bff/Bff.csproj -p:NuGetAudit=$NUGET_AUDIT
COPY appsettings*.json ./
COPY src/Bff/ src/Bff/
RUN dotnet publish src/Bff/Bff.csproj --no-restore -c Release -o /out/bff -p:UseAppHost=false

FROM mcr.microsoft.com/dotnet/sdk:10.0 AS emulator-build
WORKDIR /src
ENV DOTNET_CLI_TELEMETRY_OPTOUT=1
ARG NUGET_AUDIT=true
COPY global.json Directory.Build.props Directory.Packages.props .editorconfig ./
COPY src/Stytch.Emulator/Stytch.Emulator.csproj src/Stytch.Emulator/
RUN dotnet restore src/Stytch.Emulator/Stytch.Emulator.csproj -p:NuGetAudit=$NUGET_AUDIT
COPY src/Stytch.Emulator/ src/Stytch.Emulator/
RUN dotnet publish src/Stytch.Emulator/Stytch.Emulator.csproj --no-restore -c Release -o /out/emulator -p:UseAppHost=false

FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS emulator
WORKDIR /app
COPY --from=emulator-build /out/emulator ./
ENV ASPNETCORE_URLS=http://+:8080
EXPOSE 8080
USER $APP_UID
HEALTHCHECK --interval=10s --timeout=3s --start-period=20s --retries=3 \
  CMD ["bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/8080 && printf 'GET /emulator/health HTTP/1.1\\r\\nHost: localhost\\r\\nConnection: close\\r\\n\\r\\n' >&3 && grep -q '^HTTP/1.1 200' <&3"]
ENTRYPOINT ["dotnet", "Stytch.Emulator.dll"]

FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS bff
WORKDIR /app
COPY --from=build /out/bff ./
ENV ASPNETCORE_HTTP_PORTS=8080
EXPOSE 8080
USER $APP_UID
# Liveness without curl (not in the runtime image): plain HTTP over bash's /dev/tcp.
HEALTHCHECK --interval=10s --timeout=3s --start-period=20s --retries=3 \
  CMD ["bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/${ASPNETCORE_HTTP_PORTS:-8080} && printf 'GET /healthz HTTP/1.1\\r\\nHost: localhost\\r\\nConnection: close\\r\\n\\r\\n' >&3 && grep -q '^HTTP/1.1 200' <&3"]
ENTRYPOINT ["dotnet", "Bff.dll"]
