using Edge.Gpio.Buttons;

namespace Edge.Gpio.Tests;

public sealed class ButtonStateMachineTests
{
    private static readonly TimeSpan Debounce = TimeSpan.FromMilliseconds(30);
    private static readonly TimeSpan Long = TimeSpan.FromSeconds(5);

    private static TimeSpan Ms(double milliseconds) => TimeSpan.FromMilliseconds(milliseconds);

    /// <summary>
    /// Plays raw edges (ms, level) and then advances in 1 ms steps to <paramref name="until"/>,
    /// returning every press with the time it was reported.
    /// </summary>
    private static List<(double At, ButtonPress Press)> Play(ButtonStateMachine machine, double until, params (double At, bool Pressed)[] edges)
    {
        var presses = new List<(double, ButtonPress)>();
        var next = 0;
        for (double t = 0; t <= until; t++)
        {
            while (next < edges.Length && edges[next].At <= t)
            {
                var press = machine.OnLevel(edges[next].Pressed, Ms(edges[next].At));
                if (press != ButtonPress.None)
                    presses.Add((edges[next].At, press));
                next++;
            }
            var advanced = machine.Advance(Ms(t));
            if (advanced != ButtonPress.None)
                presses.Add((t, advanced));
        }
        return presses;
    }

    [Fact]
    public void CleanShortPress_IsReportedOnceTheReleaseSettles()
    {
        var machine = new ButtonStateMachine(Debounce, Long);
        var presses = Play(machine, 1000, (100, true), (300, false));
        Assert.Equal([(330, ButtonPress.Short)], presses);
        Assert.False(machine.IsPressed);
    }

    [Fact]
    public void Bounces_AreFiltered()
    {
        var machine = new ButtonStateMachine(Debounce, Long);
        var presses = Play(machine, 1500,
            (100, true), (102, false), (104, true), (107, false), (109, true),           // contact bounce on press
            (400, false), (401, true), (405, false), (406, true), (410, false),           // and on release
            (800, true), (805, false));                                                  // a 5 ms glitch: no press
        Assert.Equal([(440, ButtonPress.Short)], presses);
    }

    [Fact]
    public void AGlitchShorterThanTheDebounce_IsNoPress()
    {
        var machine = new ButtonStateMachine(Debounce, Long);
        Assert.Empty(Play(machine, 500, (100, true), (120, false)));
        Assert.False(machine.IsPressed);
    }

    [Fact]
    public void HoldingForTheLongPressTime_ReportsALongPressWhileStillHeld_AndTheReleaseReportsNothing()
    {
        var machine = new ButtonStateMachine(Debounce, Long);
        var presses = Play(machine, 8000, (1000, true), (7000, false));
        Assert.Equal([(6000, ButtonPress.Long)], presses);
    }

    [Fact]
    public void ReleasingJustBeforeTheLongPressTime_IsAShortPress()
    {
        var machine = new ButtonStateMachine(Debounce, Long);
        var presses = Play(machine, 7000, (1000, true), (5999, false));
        Assert.Equal([(6029, ButtonPress.Short)], presses);
    }

    [Fact]
    public void HoldTimes_RunFromTheEdgeThatSettled_NotFromTheEndOfTheDebounce()
    {
        var machine = new ButtonStateMachine(Debounce, Long);
        Assert.Equal([(5102, ButtonPress.Long)], Play(machine, 6000, (100, true), (101, false), (102, true)));
    }

    [Fact]
    public void ABounceAtTheLongPressTime_DelaysTheLongPressUntilItSettles()
    {
        var machine = new ButtonStateMachine(Debounce, Long);
        Assert.Equal([(5010, ButtonPress.Long)], Play(machine, 6000, (0, true), (4990, false), (5010, true)));
    }

    [Fact]
    public void ABounceBackDuringAHold_DoesNotRestartTheHold()
    {
        var machine = new ButtonStateMachine(Debounce, Long);
        var presses = Play(machine, 6000, (0, true), (2000, false), (2010, true));
        Assert.Equal([(5000, ButtonPress.Long)], presses);
    }

    [Fact]
    public void AButtonHeldAtStart_ReportsNothingUntilReleasedAndPressedAgain()
    {
        var machine = new ButtonStateMachine(Debounce, Long, initiallyPressed: true);
        Assert.True(machine.IsPressed);
        Assert.Null(machine.NextDeadline);
        var presses = Play(machine, 12000, (7000, false), (9000, true), (9200, false));
        Assert.Equal([(9230, ButtonPress.Short)], presses);
    }

    [Fact]
    public void TwoPresses_AreTwoShortPresses()
    {
        var machine = new ButtonStateMachine(Debounce, Long);
        var presses = Play(machine, 2000, (100, true), (250, false), (600, true), (700, false));
        Assert.Equal([(280, ButtonPress.Short), (730, ButtonPress.Short)], presses);
    }

    [Fact]
    public void NextDeadline_SaysWhenToLookAgain()
    {
        var machine = new ButtonStateMachine(Debounce, Long);
        Assert.Null(machine.NextDeadline);
        machine.OnLevel(true, Ms(100));
        Assert.Equal(Ms(130), machine.NextDeadline);
        machine.Advance(Ms(130));
        Assert.Equal(Ms(5100), machine.NextDeadline);
        Assert.Equal(ButtonPress.Long, machine.Advance(Ms(5100)));
        Assert.Null(machine.NextDeadline);
        machine.OnLevel(false, Ms(6000));
        Assert.Equal(Ms(6030), machine.NextDeadline);
        Assert.Equal(ButtonPress.None, machine.Advance(Ms(6030)));
        Assert.Null(machine.NextDeadline);
    }

    [Fact]
    public void EdgesThatArriveLate_AreSettledInOrder()
    {
        // Advance was not called between the edges (they were read in one batch): the press
        // still settles before the release is considered.
        var machine = new ButtonStateMachine(Debounce, Long);
        Assert.Equal(ButtonPress.None, machine.OnLevel(true, Ms(0)));
        Assert.Equal(ButtonPress.None, machine.OnLevel(false, Ms(200)));
        Assert.Equal(ButtonPress.Short, machine.Advance(Ms(230)));
    }

    [Fact]
    public void ZeroDebounce_AcceptsEveryEdge()
    {
        var machine = new ButtonStateMachine(TimeSpan.Zero, Long);
        Assert.Equal(ButtonPress.None, machine.OnLevel(true, Ms(10)));
        Assert.True(machine.IsPressed);
        Assert.Equal(ButtonPress.Short, machine.OnLevel(false, Ms(12)));
    }

    [Fact]
    public void Arguments_AreChecked()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new ButtonStateMachine(Ms(-1), Long));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ButtonStateMachine(Ms(50), Ms(50)));
    }
}
