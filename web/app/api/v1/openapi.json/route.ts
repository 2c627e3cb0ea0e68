/** GET /api/v1/openapi.json — the public API's OpenAPI document (public, no key needed). */
import { openApiDocument } from "@/lib/openapi";
import { route } from "@/lib/http";

export const GET = route({ name: "openapi" }, async ({ url }) => openApiDocument(url.origin));
