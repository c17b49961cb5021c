"""Q4's diagram: a Compose project's services, networks, volumes, ports and start order."""

from __future__ import annotations

from lab.errors import SampleError
from lab.markup import svg
from lab.markup.diagrams.drawing import GAP, ROW, both, slug
from lab.model.stack import Stack


def compose_stack(stack: Stack) -> str:
    """Q4: services, the networks they join, named volumes, published ports and depends_on edges.

    Wide, the services stand in a row (dependencies to the right) with the networks
    and volumes below; narrow, they stand in a column (dependencies below), the
    networks run down the left side and the depends_on arrows down the right.
    """
    order = layered_order(stack)
    arcs = [(s.name, dep, cond) for s in order for dep, cond in s.depends_on if dep in {o.name for o in order}]
    project = f"Compose project {stack.name}" if stack.name else "Compose project"
    diagram_id = slug("compose", stack.name or "stack")
    conditions = sorted({cond.replace("service_", "") for _, _, cond in arcs})
    start_order = "depends_on: " + ", ".join(conditions)
    box_h = 78

    def service_box(body, s, x, y, col):
        body.append(svg.rect(x, y, col, box_h, "lab-d-service"))
        body.append(svg.text(x + 10, y + 22, svg.fit(s.name, col), "lab-d-heading"))
        body.append(svg.text(x + 10, y + 44, svg.fit(s.source, col), "lab-d-code"))
        if s.ports:
            ports = ", ".join(s.ports)
            label = "port " + ports if svg.fit("port " + ports, col).endswith(ports) else ports
            body.append(svg.text(x + 10, y + 66, svg.fit(label, col), "lab-d-code"))

    def draw_wide(width):
        gap = 14
        col = (width - gap) / max(len(order), 2) - gap
        x_of = {s.name: gap + i * (col + gap) for i, s in enumerate(order)}
        box_top = 46 + (70 if arcs else 0)
        body = [svg.text(gap, 26, project, "lab-d-heading")]
        for s in order:
            service_box(body, s, x_of[s.name], box_top, col)
        for i, (src, dst, _) in enumerate(arcs):
            x1, x2 = x_of[src] + col / 2 - 12, x_of[dst] + col / 2 + 12 * (i - (len(arcs) - 1) / 2)
            body.append(svg.curve(x1, box_top, x2, box_top - 2, 50 + 8 * i, svg.marker_id(diagram_id, "wide")))
        if arcs:
            body.append(svg.text(width - gap, 52, start_order, "lab-d-note", "end"))
        y = box_top + box_h + 30
        for network in stack.networks:
            members = [s for s in order if network in s.networks]
            if not members:
                continue
            xs = [x_of[s.name] + col / 2 for s in members]
            body.append(svg.line(min(xs) - 30, y, max(xs) + 30, y, "lab-d-network"))
            body += [svg.line(x, box_top + box_h, x, y, "lab-d-link") for x in xs]
            body.append(svg.text(min(xs) - 30, y + 20, f"network {network}: reach each other by service name", "lab-d-note"))
            y += 44
        volume_y = y + 6
        for s in order:
            for k, (volume, target) in enumerate(s.volumes):
                x = x_of[s.name] + 10
                vy = volume_y + k * (ROW + GAP)
                body.append(svg.line(x_of[s.name] + col - 20, box_top + box_h, x_of[s.name] + col - 20, vy, "lab-d-link"))
                body.append(svg.box(x, vy, col - 20, ROW, "lab-d-volume", f"volume {volume}"))
                body.append(svg.text(x, vy + ROW + 16, svg.fit(f"at {target}", col), "lab-d-note"))
        volume_rows = max([len(s.volumes) for s in order] + [0])
        return volume_y + volume_rows * (ROW + GAP) + (26 if volume_rows else 0), body

    def draw_narrow(width):
        networks = [n for n in stack.networks if any(n in s.networks for s in order)]
        lane = 14  # one vertical line per network on the left
        x = 10 + lane * len(networks) + 6
        col = width - x - (30 + 8 * len(arcs) if arcs else 10)
        body = [svg.text(10, 26, svg.fit(project, width - 20), "lab-d-heading")]
        y, top_of = 44, {}
        for s in order:
            top_of[s.name] = y
            service_box(body, s, x, y, col)
            y += box_h
            for volume, target in s.volumes:
                body.append(svg.line(x + 30, y, x + 30, y + 10, "lab-d-link"))
                body.append(svg.box(x + 20, y + 10, col - 20, ROW, "lab-d-volume", f"volume {volume}"))
                body.append(svg.text(x + 20, y + 10 + ROW + 16, svg.fit(f"at {target}", col - 20), "lab-d-note"))
                y += 10 + ROW + 24
            y += 22
        for i, network in enumerate(networks):
            nx = 10 + lane * i + 4
            ys = [top_of[s.name] + box_h / 2 for s in order if network in s.networks]
            body.append(svg.line(nx, min(ys) - 12, nx, max(ys) + 12, "lab-d-network"))
            body += [svg.line(nx, cy, x, cy, "lab-d-link") for cy in ys]
        for i, (src, dst, _) in enumerate(arcs):
            y1, y2 = top_of[src] + box_h / 2 - 8, top_of[dst] + box_h / 2 + 8 * (i - (len(arcs) - 1) / 2)
            body.append(svg.curve_right(x + col, y1, x + col + 2, y2, 18 + 8 * i, svg.marker_id(diagram_id, "narrow")))
        for network in networks:
            body.append(svg.text(10, y, svg.fit(f"network {network}:", width - 20), "lab-d-note"))
            body.append(svg.text(10, y + 18, "reach each other by service name", "lab-d-note"))
            y += 44
        if arcs:
            body.append(svg.text(10, y, svg.fit(f"arrows: {start_order}", width - 20), "lab-d-note"))
            y += 22
        return y, body

    def draw(width, narrow):
        return draw_narrow(width) if narrow else draw_wide(width)

    desc_parts = [f"{project}: {len(order)} services ({', '.join(s.name for s in order)})."]
    text = []
    for s in order:
        facts = [s.source] + [f"publishes {p}" for p in s.ports] + [f"network {n}" for n in s.networks]
        facts += [f"volume {v} at {t}" for v, t in s.volumes]
        facts += [f"starts after {d} is {c.replace('service_', '')}" for d, c in s.depends_on]
        text.append(f"{s.name}: " + "; ".join(facts))
        desc_parts.append(text[-1] + ".")
    caption = "The services, network, volumes, ports and start order, drawn from the sample compose.yaml."
    title = f"{project}: " + ", ".join(s.name for s in order)
    return svg.figure(diagram_id, title, " ".join(desc_parts), both(draw), caption, text)


def layered_order(stack: Stack):
    """Services ordered so each one's dependencies stand to its right (a topological order, reversed)."""
    by_name = {s.name: s for s in stack.services}
    placed, order = set(), []

    def visit(service, seen=()):
        if service.name in placed:
            return
        if service.name in seen:
            raise SampleError(f"depends_on forms a cycle through {service.name}")
        for dep, _ in service.depends_on:
            if dep in by_name:
                visit(by_name[dep], seen + (service.name,))
        placed.add(service.name)
        order.append(service)

    for s in stack.services:
        visit(s)
    return list(reversed(order))
