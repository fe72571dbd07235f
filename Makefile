# Shortcuts around docker compose and the npm scripts. `make help` lists them.
# The compose targets need Docker; `make test` and `make health` run on the host.
COMPOSE ?= docker compose
SERVICE ?= gateway

.DEFAULT_GOAL := help
.PHONY: help build up down logs test migrate shell clean restart ps backup health

help: ## this list
	@grep -E '^[a-z]+:.*## ' $(MAKEFILE_LIST) | awk -F ':.*## ' '{printf "  make %-8s %s\n", $$1, $$2}'

build: ## build the image (docker/Dockerfile) for every service
	$(COMPOSE) build

up: ## start the full stack in the background (http://localhost:4000/graphql)
	$(COMPOSE) up -d --build

down: ## stop the stack (volumes kept)
	$(COMPOSE) down

logs: ## follow the logs (SERVICE=<name> for one service, default all)
	$(COMPOSE) logs -f --tail=200 $(if $(filter command line,$(origin SERVICE)),$(SERVICE),)

test: ## type check, lint, format check, unit and integration tests (npm test)
	npm test

migrate: ## apply pending migrations of every subgraph (npm run migrate, in the image)
	$(COMPOSE) run --rm --no-deps gateway node dist/scripts/migrate-all.js

shell: ## a shell in a running service (SERVICE=<name>, default gateway)
	$(COMPOSE) exec $(SERVICE) sh

clean: ## stop the stack and delete its volumes and the build output
	$(COMPOSE) down -v --remove-orphans
	rm -rf dist

restart: ## restart the services (SERVICE=<name> for one)
	$(COMPOSE) restart $(if $(filter command line,$(origin SERVICE)),$(SERVICE),)

ps: ## the services and their health
	$(COMPOSE) ps

backup: ## back up the databases (npm run backup)
	npm run backup

health: ## /health/ready of the gateway and every subgraph (npm run health)
	npm run health
