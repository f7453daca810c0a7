# Build from the repository root: docker build -f deploy/Api.Dockerfile -t gemini-clone-api .
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY . .
# ReadyToRun: the assemblies (ours, Orleans' and every other) ship precompiled, so a new pod starts and serves its
# first turns without compiling everything first (Orleans generates its code at build time, so nothing stops it).
# tests/Benchmarks/README.md, "Cold start", has the figures and the TieredPGO trade-off.
ARG TARGETARCH
RUN dotnet publish Api/Api.csproj -c Release --os linux -a ${TARGETARCH:-amd64} --no-self-contained \
    -p:PublishReadyToRun=true -o /app --nologo

FROM mcr.microsoft.com/dotnet/aspnet:10.0
WORKDIR /app
COPY --from=build /app .
EXPOSE 8080
ENV ASPNETCORE_URLS=http://+:8080
USER app
ENTRYPOINT ["dotnet", "Api.dll"]
