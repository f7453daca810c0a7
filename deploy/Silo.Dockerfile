# Build from the repository root: docker build -f deploy/Silo.Dockerfile -t gemini-clone-silo .
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY . .
# ReadyToRun: the assemblies (ours, Orleans' and every other) ship precompiled, so a new pod starts and serves its
# first turns without compiling everything first (Orleans generates its code at build time, so nothing stops it).
# tests/Benchmarks/README.md, "Cold start", has the figures and the TieredPGO trade-off.
ARG TARGETARCH
RUN dotnet publish Silo/Silo.csproj -c Release --os linux -a ${TARGETARCH:-amd64} --no-self-contained \
    -p:PublishReadyToRun=true -o /app --nologo

FROM mcr.microsoft.com/dotnet/aspnet:10.0
WORKDIR /app
COPY --from=build /app .
# 11111: silo-to-silo, 30000: gateway for Api clients, 8080: health probes.
EXPOSE 11111 30000 8080
ENV ASPNETCORE_URLS=http://+:8080 \
    ORLEANS_SILO_PORT=11111 \
    ORLEANS_GATEWAY_PORT=30000
USER app
ENTRYPOINT ["dotnet", "Silo.dll"]
