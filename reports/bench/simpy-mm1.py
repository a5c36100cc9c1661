"""M/M/1 in SimPy, the model reports/bench/end-to-end.ts runs as a cowsim scenario.

Usage: python3 simpy-mm1.py CUSTOMERS ARRIVALS_PER_SECOND MEAN_SERVICE_US SEED

Poisson arrivals, one server, exponential service, first come first served; every customer is a
process that requests the server, holds it for its service time and releases it (the way a SimPy
user writes the model). Prints the customers served and their mean time in system in microseconds,
so the bench can check that both sides ran the same queue (1 / (mu - lambda): 200 us at 5,000/s and
100 us). Works with SimPy 2 (Debian's python3-simpy 2.3.1, module SimPy) and SimPy 3 and later
(module simpy). Time is in seconds.
"""
import random
import sys


def run_simpy2(customers, rate, service, rng):
    from SimPy.Simulation import Simulation, Process, Resource, hold, request, release

    sim = Simulation()
    sim.initialize()
    server = Resource(capacity=1, sim=sim)
    totals = [0, 0.0]

    class Customer(Process):
        def visit(self):
            arrived = self.sim.now()
            yield request, self, server
            yield hold, self, rng.expovariate(1.0 / service)
            yield release, self, server
            totals[0] += 1
            totals[1] += self.sim.now() - arrived

    class Source(Process):
        def generate(self):
            for _ in range(customers):
                customer = Customer(sim=self.sim)
                self.sim.activate(customer, customer.visit())
                yield hold, self, rng.expovariate(rate)

    source = Source(sim=sim)
    sim.activate(source, source.generate())
    sim.simulate(until=1e12)
    return totals


def run_simpy3(customers, rate, service, rng):
    import simpy

    env = simpy.Environment()
    server = simpy.Resource(env, capacity=1)
    totals = [0, 0.0]

    def visit():
        arrived = env.now
        with server.request() as req:
            yield req
            yield env.timeout(rng.expovariate(1.0 / service))
        totals[0] += 1
        totals[1] += env.now - arrived

    def generate():
        for _ in range(customers):
            env.process(visit())
            yield env.timeout(rng.expovariate(rate))

    env.process(generate())
    env.run()
    return totals


def main():
    customers = int(sys.argv[1])
    rate = float(sys.argv[2])
    service = float(sys.argv[3]) / 1e6
    rng = random.Random(int(sys.argv[4]))
    try:
        import SimPy.Simulation  # noqa: F401
        totals = run_simpy2(customers, rate, service, rng)
    except ImportError:
        totals = run_simpy3(customers, rate, service, rng)
    served, time_in_system = totals
    print(f"{served} {time_in_system / max(served, 1) * 1e6:.3f}")


if __name__ == "__main__":
    main()
