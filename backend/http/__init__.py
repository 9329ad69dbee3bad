"""The FHIR R4 REST interface of the backend, on aiohttp: routes, limits, errors, audit."""
