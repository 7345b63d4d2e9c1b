"""The practice Sourcegraph's GraphQL API: a subset of Sourcegraph's real schema (users, access
tokens, organizations, the site and its configuration, code host connections, repositories and
search) over the practice corpus and a small SQLite store, served at `POST /.api/graphql` on
127.0.0.1 with `Authorization: token ...`, or run in-process for grading.

    api = open_api(corpus_dir)                      # seeded: site admin "admin", users, an org
    token = create_token(api.store, "admin")
    with serve_api(api) as url:
        requests.post(f"{url}/.api/graphql", headers={"Authorization": f"token {token}"},
                      json={"query": "{ currentUser { username siteAdmin } }"})
    api.execute("{ site { productVersion } }", token=token)

What is simulated rather than real is said in each module: no code host is ever contacted
(connections select corpus repositories; a sync is only recorded), no password or session
exists, tokens never expire, nothing restarts after a site configuration change.
"""

from typing import TYPE_CHECKING

from kit.lazy import lazy_exports

if TYPE_CHECKING:
    from kit.practice.graphql.api import GRAPHQL_PATH, PracticeAPI, Reply, open_api
    from kit.practice.graphql.ids import marshal_id, unmarshal_id
    from kit.practice.graphql.schema import practice_schema, schema_sdl
    from kit.practice.graphql.seed import ADMIN_USERNAME, create_token
    from kit.practice.graphql.server import serve, serve_api
    from kit.practice.graphql.store import Store, open_store

__all__ = [
    "ADMIN_USERNAME",
    "GRAPHQL_PATH",
    "PracticeAPI",
    "Reply",
    "Store",
    "create_token",
    "marshal_id",
    "open_api",
    "open_store",
    "practice_schema",
    "schema_sdl",
    "serve",
    "serve_api",
    "unmarshal_id",
]

__getattr__ = lazy_exports(
    __name__,
    {
        "ADMIN_USERNAME": ".seed",
        "GRAPHQL_PATH": ".api",
        "PracticeAPI": ".api",
        "Reply": ".api",
        "Store": ".store",
        "create_token": ".seed",
        "marshal_id": ".ids",
        "open_api": ".api",
        "open_store": ".store",
        "practice_schema": ".schema",
        "schema_sdl": ".schema",
        "serve": ".server",
        "serve_api": ".server",
        "unmarshal_id": ".ids",
    },
)
